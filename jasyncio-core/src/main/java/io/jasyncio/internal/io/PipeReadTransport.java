package io.jasyncio.internal.io;

import io.jasyncio.internal.task.Offload;
import io.jasyncio.internal.task.RealEventLoop;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The reading end of a JDK pipe (a child's stdout or stderr) as a read-only {@link Transport}.
 * A JDK pipe can only be read by blocking, so a pump thread ({@link Offload#startThread}) does
 * the reads and hands each chunk to the loop, which feeds the protocol as a socket's data is fed.
 *
 * <p><b>Flow control.</b> {@link #pauseReading()} stops the pump before its next read, so the
 * child blocks in its own write once the OS pipe is full; at most {@link #MAX_IN_FLIGHT} chunks
 * are on their way to the loop at any time. With a stream reader as the protocol, what waits
 * unread is thus bounded by the reader's pause threshold plus {@code MAX_IN_FLIGHT * CHUNK}.
 *
 * <p><b>Virtual clock.</b> The pump counts as work outside the loop ({@code externalStarted})
 * while it may bring bytes; while it waits for the loop (paused, or chunks in flight) it does
 * not, so a virtual clock may move. The loop side counts it back in when it lets it go.
 *
 * <p><b>No locks.</b> The state shared with the pump is atomic and the pump parks with
 * {@link LockSupport}: loop-context code must never block on a lock, because on the loop engine
 * a task that loses a lock race unmounts and can only resume on the loop thread, so a loop
 * thread blocked on the same lock would wait for itself.
 *
 * <p>{@link Protocol#connectionLost} is called once: after end of file (following
 * {@code eofReceived}), a read error, or {@link #close()}/{@link #abort()}.
 */
final class PipeReadTransport extends PipeTransport {
    static final int CHUNK = 16 * 1024;
    static final int MAX_IN_FLIGHT = 4;

    private final InputStream in;

    /** The pump's accounting as outside work: counted, idle (waiting for the loop), or ended. */
    private static final int COUNTED = 0;
    private static final int IDLE = 1;
    private static final int ENDED = 2;
    private final AtomicInteger pumpState = new AtomicInteger(COUNTED);
    /** Chunks read and not yet delivered to the protocol. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean paused;
    /** Set on the loop by close/abort/the end; read by the pump. */
    private volatile boolean closed;
    private volatile Thread pumpThread;

    // loop-confined
    private boolean lost;

    private PipeReadTransport(RealEventLoop loop, String name, InputStream in, Protocol protocol) {
        super(loop, name, protocol);
        this.in = in;
    }

    /** Loop context: calls {@code connectionMade} and starts the pump thread named {@code name}. */
    static PipeReadTransport start(RealEventLoop loop, String name, InputStream in, Protocol protocol) {
        PipeReadTransport t = new PipeReadTransport(loop, name, in, protocol);
        protocol.connectionMade(t);
        loop.externalStarted();
        Offload.startThread("jasyncio-" + name, t::pump);
        return t;
    }

    // ---------------------------------------------------------------- pump thread

    private void pump() {
        pumpThread = Thread.currentThread();
        byte[] buf = new byte[CHUNK];
        try {
            while (awaitTurn()) {
                int n = in.read(buf);
                if (n < 0) {
                    loop.scheduleFromOutside(this::ended);
                    return;
                }
                byte[] data = Arrays.copyOf(buf, n);
                loop.scheduleFromOutside(() -> delivered(data));
            }
        } catch (IOException e) {
            loop.scheduleFromOutside(() -> finish(e));
        } finally {
            if (pumpState.getAndSet(ENDED) == COUNTED) {
                loop.externalEnded();
            }
        }
    }

    private boolean blocked() {
        return (paused || inFlight.get() >= MAX_IN_FLIGHT) && !closed;
    }

    /**
     * Pump thread: waits while paused or while too many chunks are in flight, then takes a slot.
     *
     * @return false once the transport is closed
     */
    private boolean awaitTurn() {
        while (blocked()) {
            if (pumpState.compareAndSet(COUNTED, IDLE)) {
                loop.externalEnded();
                continue;   // look again after publishing, so a wake-up in between is not lost
            }
            LockSupport.park(this);
        }
        if (closed) {
            return false;
        }
        if (pumpState.compareAndSet(IDLE, COUNTED)) {
            loop.externalStarted();
        }
        inFlight.incrementAndGet();
        return true;
    }

    /** Loop context: lets an idle pump go when nothing holds it any more. */
    private void openGate() {
        if (!closed && !blocked() && pumpState.compareAndSet(IDLE, COUNTED)) {
            loop.externalStarted();
        }
        LockSupport.unpark(pumpThread);
    }

    // ---------------------------------------------------------------- loop side

    private void delivered(byte[] data) {
        inFlight.decrementAndGet();
        openGate();
        if (!lost) {
            protocol.dataReceived(ByteBuffer.wrap(data));
        }
    }

    private void ended() {
        if (!lost) {
            protocol.eofReceived();
            finish(null);
        }
    }

    /** Closes the pipe and queues {@code connectionLost} once. */
    private void finish(IOException cause) {
        if (lost) {
            return;
        }
        lost = true;
        closed = true;
        LockSupport.unpark(pumpThread);
        try {
            in.close();
        } catch (IOException e) {
            // closing a pipe we own: nothing to report
        }
        loop.schedule(() -> protocol.connectionLost(cause));
    }

    @Override
    public void pauseReading() {
        paused = true;
    }

    @Override
    public void resumeReading() {
        paused = false;
        openGate();
    }

    @Override
    public boolean isReading() {
        return !paused && !closed;
    }

    @Override
    public boolean isClosing() {
        return closed;
    }

    /** Closes the pipe; unread data in it is dropped and the pump ends. Idempotent. */
    @Override
    public void close() {
        IoContext.checkLoop(loop, this, "Transport.close");
        finish(null);
    }

    @Override
    public void abort() {
        close();
    }

    // ---------------------------------------------------------------- not a writing or socket transport

    @Override
    public void write(byte[] data, int off, int len) {
        throw unsupported("write", "reading");
    }

    @Override
    public void write(ByteBuffer data) {
        throw unsupported("write", "reading");
    }

    @Override
    public void writeEof() {
        throw unsupported("writeEof", "reading");
    }

    @Override
    public boolean canWriteEof() {
        return false;
    }

    @Override
    public int writeBufferSize() {
        return 0;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        throw unsupported("setWriteBufferLimits", "reading");
    }

    @Override
    public int writeBufferHighWater() {
        throw unsupported("writeBufferHighWater", "reading");
    }

    @Override
    public int writeBufferLowWater() {
        throw unsupported("writeBufferLowWater", "reading");
    }

    @Override
    public String toString() {
        return "PipeReadTransport[" + name + (closed ? ", closed" : "") + "]";
    }
}
