package io.jasyncio.internal.io;

import io.jasyncio.internal.task.Offload;
import io.jasyncio.internal.task.RealEventLoop;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Transport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The writing end of a JDK pipe (a child's stdin) as a write-only {@link Transport}. Writes
 * queue in a {@link WriteBuffer} with the socket transports' water marks and
 * {@code pauseWriting}/{@code resumeWriting} calls; the sink is a writer thread
 * ({@link Offload#startThread}, started on the first write) that blocks in the pipe's write,
 * one piece at a time, and reports each piece written back to the loop.
 *
 * <p><b>Virtual clock.</b> A piece handed to the writer thread counts as outside work until it
 * is written (or dropped by {@link #abort()}).
 *
 * <p>{@link #close()} and {@link #writeEof()} close the pipe once the queued bytes are written
 * (the child reads end of file); {@link Protocol#connectionLost} follows once, with the write
 * error if the pipe broke.
 */
final class PipeWriteTransport extends PipeTransport {
    /** The most the writer thread takes at once, so progress is reported as it happens. */
    private static final int PIECE = 64 * 1024;
    /** Tells the writer thread to close the pipe. */
    private static final byte[] END = new byte[0];

    private final OutputStream out;
    /**
     * From the loop to the writer thread: at most one piece, then possibly {@link #END}. Lock-free
     * with park/unpark: loop-context code must never block on a lock (see
     * {@link PipeReadTransport}).
     */
    private final ConcurrentLinkedQueue<byte[]> toThread = new ConcurrentLinkedQueue<>();
    private volatile Thread writerThread;
    /** Hands the writer thread a piece of the buffer: the buffer's flushTo() sink. */
    private final WritableByteChannel handOff = new HandOff();

    // loop-confined
    private final WriteBuffer buffer = new WriteBuffer();
    private final WaterMarks marks = new WaterMarks();
    /** Bytes handed to the writer thread and not yet reported written. */
    private int inFlight;
    private boolean threadStarted;
    /** close() or writeEof() was called: the pipe closes once everything is written. */
    private boolean closing;
    private boolean endSent;
    private boolean lost;

    private PipeWriteTransport(RealEventLoop loop, String name, OutputStream out, Protocol protocol) {
        super(loop, name, protocol);
        this.out = out;
    }

    /** Loop context: calls {@code connectionMade}; the writer thread starts on the first write. */
    static PipeWriteTransport start(RealEventLoop loop, String name, OutputStream out, Protocol protocol) {
        PipeWriteTransport t = new PipeWriteTransport(loop, name, out, protocol);
        protocol.connectionMade(t);
        return t;
    }

    // ---------------------------------------------------------------- writing

    @Override
    public void write(byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        IoContext.checkLoop(loop, this, "Transport.write");
        if (closing && !lost) {
            throw new IllegalStateException(this + ": write after close(); the pipe is closing");
        }
        if (lost || len == 0) {
            return;
        }
        buffer.append(data, off, len);
        afterQueue();
    }

    @Override
    public void write(ByteBuffer data) {
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        write(copy, 0, copy.length);
    }

    private void afterQueue() {
        handOffNext();
        if (marks.pauseNow(writeBufferSize())) {
            protocol.pauseWriting();
        }
    }

    /** Gives the writer thread the next piece when it is free; sends the end once all is written. */
    private void handOffNext() {
        if (lost || inFlight > 0) {
            return;
        }
        if (!buffer.isEmpty()) {
            try {
                buffer.flushTo(handOff);
            } catch (IOException impossible) {
                throw new AssertionError(impossible);
            }
        } else if (closing) {
            sendEnd();
        }
    }

    /** Loop context: the writer thread put {@code n} bytes into the pipe. */
    private void written(int n) {
        inFlight -= n;
        if (lost) {
            return;
        }
        handOffNext();
        if (marks.resumeNow(writeBufferSize())) {
            protocol.resumeWriting();
        }
    }

    private void sendEnd() {
        if (endSent) {
            return;
        }
        endSent = true;
        if (threadStarted) {
            toThread.add(END);
            LockSupport.unpark(writerThread);
        } else {
            closePipe();
            finish(null);
        }
    }

    // ---------------------------------------------------------------- writer thread

    private void pump() {
        writerThread = Thread.currentThread();
        while (true) {
            byte[] piece = take();
            if (piece == END) {
                closePipe();
                loop.scheduleFromOutside(() -> finish(null));
                return;
            }
            try {
                out.write(piece);
                out.flush();
                loop.scheduleFromOutside(() -> written(piece.length));
            } catch (IOException e) {
                closePipe();
                loop.scheduleFromOutside(() -> finish(e));
                return;
            } finally {
                loop.externalEnded();
            }
        }
    }

    private byte[] take() {
        byte[] piece;
        while ((piece = toThread.poll()) == null) {
            LockSupport.park(this);
        }
        return piece;
    }

    private void closePipe() {
        try {
            out.close();
        } catch (IOException e) {
            // the child is gone: nothing left to tell it
        }
    }

    /** The buffer's sink: copies up to a piece into the writer thread's queue. Loop context. */
    private final class HandOff implements WritableByteChannel {
        @Override
        public int write(ByteBuffer src) {
            byte[] piece = new byte[Math.min(PIECE, src.remaining())];
            src.get(piece);
            inFlight = piece.length;
            loop.externalStarted();
            toThread.add(piece);
            LockSupport.unpark(writerThread);
            if (!threadStarted) {
                threadStarted = true;
                Offload.startThread("jasyncio-" + name, PipeWriteTransport.this::pump);
            }
            return piece.length;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    // ---------------------------------------------------------------- flow control and closing

    @Override
    public void writeEof() {
        close();
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    /** Bytes queued or being written into the pipe. */
    @Override
    public int writeBufferSize() {
        return buffer.size() + inFlight;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        if (lost) {
            marks.set(high, low);
        } else {
            marks.set(high, low, writeBufferSize(), protocol);
        }
    }

    @Override
    public int writeBufferHighWater() {
        return marks.high();
    }

    @Override
    public int writeBufferLowWater() {
        return marks.low();
    }

    @Override
    public void pauseReading() {
        throw unsupported("pauseReading", "writing");
    }

    @Override
    public void resumeReading() {
        throw unsupported("resumeReading", "writing");
    }

    @Override
    public boolean isReading() {
        return false;
    }

    @Override
    public boolean isClosing() {
        return closing || lost;
    }

    @Override
    public void close() {
        IoContext.checkLoop(loop, this, "Transport.close");
        if (closing || lost) {
            return;
        }
        closing = true;
        handOffNext();
    }

    /**
     * Drops what is queued and closes the pipe as soon as the writer thread is free (a child that
     * is killed first breaks a write blocked on a full pipe). Idempotent.
     */
    @Override
    public void abort() {
        IoContext.checkLoop(loop, this, "Transport.abort");
        buffer.clear();
        closing = true;
        if (lost) {
            return;
        }
        for (byte[] piece; (piece = toThread.poll()) != null; ) {
            if (piece == END) {
                endSent = false;   // sent again below
            } else {
                inFlight -= piece.length;
                loop.externalEnded();
            }
        }
        sendEnd();
        finish(null);
    }

    /** Queues {@code connectionLost} once. */
    private void finish(IOException cause) {
        if (lost) {
            return;
        }
        lost = true;
        closing = true;
        buffer.clear();
        marks.reset();
        loop.schedule(() -> protocol.connectionLost(cause));
    }

    @Override
    public String toString() {
        return "PipeWriteTransport[" + name + ", buffered=" + writeBufferSize()
                + (lost ? ", closed" : closing ? ", closing" : "") + "]";
    }
}
