package io.jasyncio.internal.io;

import io.jasyncio.internal.loop.IoReady;
import io.jasyncio.internal.task.RealEventLoop;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Transport;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import javax.net.ssl.SSLSession;

/**
 * A {@link Transport} over a non-blocking {@link SocketChannel} (TCP or Unix domain), driven by
 * the loop's selector.
 *
 * <p><b>Reading</b> happens in the poll phase ({@link #ioReady}): one read per readiness into
 * the loop's shared direct buffer, handed to the protocol, which copies what it keeps. The
 * selector is level-triggered, so unread data is reported again at the next iteration.
 *
 * <p><b>Writing</b> tries the socket first when nothing is queued: a small write is copied into
 * the loop's direct scratch buffer and written with one system call, and only what the socket
 * refuses is queued in the {@link WriteBuffer}, with {@code OP_WRITE} interest until it drains.
 * An echo round trip thus allocates nothing in this class.
 *
 * <p><b>States</b> (loop-confined):
 * <pre>
 *   open --close()--> closing (flushing) --buffer empty--> lost
 *   open/closing --abort() or I/O error--> lost
 * </pre>
 * {@code lost} closes the channel and queues {@link Protocol#connectionLost} once.
 *
 * <p><b>Write timeout</b> (server connections, {@link #writeTimeout}): while output is queued, a
 * timer checks that the socket took some of it within the timeout; a peer that stopped reading
 * gets its connection aborted with a {@link SocketTimeoutException}. The timer is re-armed from
 * the last progress only when it fires, so a busy connection costs one timer per timeout period,
 * not one per write.
 */
public final class SocketTransport implements Transport, IoReady, IoContext.OpenResource {
    private final RealEventLoop loop;
    private final IoContext net;
    private final SocketChannel channel;
    private final SelectionKey key;
    private final boolean tcp;
    private Protocol protocol;
    private final WriteBuffer out = new WriteBuffer();
    private final WaterMarks marks = new WaterMarks();
    /** The interest set last given to the key. */
    private int interest;
    private boolean readPaused;
    private boolean eofReceived;
    /** writeEof() was called; the output is shut down once the buffer is empty. */
    private boolean eofPending;
    /** close() or abort() was called, or the connection failed. */
    private boolean closing;
    /** The channel is closed and connectionLost is queued. */
    private boolean lost;
    /** The owner's hook run when the channel closes (a server forgets the connection). */
    private java.util.function.Consumer<SocketTransport> onLost;
    /** Loop nanoseconds queued output may go without progress; 0 for no limit. */
    private long writeTimeoutNanos;
    /** When queued output last made progress, or was queued into an empty buffer. */
    private long lastWriteProgress;
    /** The write-stall check while output is queued and a write timeout is set, else null. */
    private io.jasyncio.TimerHandle stallTimer;
    /** The application protocol wrote (not a TLS layer's records): the server's header deadline ends. */
    private boolean applicationWrote;

    private SocketTransport(RealEventLoop loop, SocketChannel channel, SelectionKey key, Protocol protocol)
            throws IOException {
        this.loop = loop;
        this.net = IoContext.of(loop);
        this.channel = channel;
        this.key = key;
        this.protocol = protocol;
        this.tcp = !(channel.getLocalAddress() instanceof java.net.UnixDomainSocketAddress);
    }

    /**
     * Takes over a connected channel: registers it for reading and calls
     * {@link Protocol#connectionMade}. Loop context. On failure the channel is closed.
     */
    public static SocketTransport open(RealEventLoop loop, SocketChannel channel, Protocol protocol) throws IOException {
        SocketTransport t;
        try {
            channel.configureBlocking(false);
            SelectionKey key = channel.register(loop.selector(), 0, null);
            t = new SocketTransport(loop, channel, key, protocol);
            if (t.tcp) {
                channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            }
            key.attach(t);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
        t.net.opened(t);
        t.updateInterest();
        protocol.connectionMade(t);
        return t;
    }

    /**
     * Aborts the connection when queued output makes no progress for {@code timeout}
     * (null: never). Loop context.
     */
    void writeTimeout(Duration timeout) {
        writeTimeoutNanos = timeout == null ? 0 : RealEventLoop.saturatedNanos(timeout);
    }

    /** Whether the application protocol has written anything (a TLS layer's records do not count). */
    boolean applicationWrote() {
        return applicationWrote;
    }

    /** Sets the hook run once when the channel closes. */
    void onLost(java.util.function.Consumer<SocketTransport> hook) {
        onLost = hook;
    }

    /** Replaces the protocol (startTls puts the TLS layer between this and the stream). */
    public void protocol(Protocol p) {
        protocol = Objects.requireNonNull(p);
    }

    @Override
    public Protocol protocol() {
        return protocol;
    }

    // ---------------------------------------------------------------- readiness

    @Override
    public void ioReady(int readyOps) {
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            flushReady();
        }
        if ((readyOps & SelectionKey.OP_READ) != 0 && !lost && !readPaused) {
            readReady();
        }
    }

    private void readReady() {
        ByteBuffer buf = net.readBuffer;
        buf.clear();
        int n;
        try {
            n = channel.read(buf);
        } catch (IOException e) {
            fail(e);
            return;
        }
        if (n > 0) {
            buf.flip();
            try {
                protocol.dataReceived(buf);
            } catch (Throwable t) {
                protocolFailed("dataReceived", t);
            }
        } else if (n < 0) {
            eofReceived = true;
            boolean keepOpen;
            try {
                keepOpen = protocol.eofReceived();
            } catch (Throwable t) {
                protocolFailed("eofReceived", t);
                return;
            }
            if (keepOpen) {
                updateInterest();
            } else {
                close();
            }
        }
    }

    private void flushReady() {
        try {
            if (out.flushTo(channel) > 0) {
                lastWriteProgress = loop.time();
            }
        } catch (IOException e) {
            fail(e);
            return;
        }
        afterFlush();
    }

    /** The buffer shrank: resume the protocol, finish a close or a half-close, fix interest. */
    private void afterFlush() {
        if (marks.resumeNow(out.size())) {
            try {
                protocol.resumeWriting();
            } catch (Throwable t) {
                protocolFailed("resumeWriting", t);
                return;
            }
        }
        if (out.isEmpty()) {
            cancelStallTimer();
            if (closing) {
                finish(null);
                return;
            }
            if (eofPending) {
                shutdownOutput();
            }
        }
        updateInterest();
    }

    // ---------------------------------------------------------------- writing

    @Override
    public void write(byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        IoContext.checkLoop(loop, this, "Transport.write");
        checkWritable();
        if (lost || len == 0) {
            return;
        }
        noteWriter();
        if (out.isEmpty()) {
            int written;
            try {
                written = writeDirect(data, off, len);
            } catch (IOException e) {
                fail(e);
                return;
            }
            if (written == len) {
                return;
            }
            off += written;
            len -= written;
        }
        out.append(data, off, len);
        afterQueue();
    }

    /** Writes through the direct scratch buffer when the data fits; returns the bytes written. */
    private int writeDirect(byte[] data, int off, int len) throws IOException {
        if (len > IoContext.IO_BUFFER_BYTES) {
            return channel.write(ByteBuffer.wrap(data, off, len));
        }
        ByteBuffer scratch = net.writeScratch;
        scratch.clear();
        scratch.put(data, off, len).flip();
        return channel.write(scratch);
    }

    @Override
    public void write(ByteBuffer data) {
        IoContext.checkLoop(loop, this, "Transport.write");
        checkWritable();
        if (lost || !data.hasRemaining()) {
            data.position(data.limit());
            return;
        }
        noteWriter();
        if (out.isEmpty()) {
            try {
                channel.write(data);
            } catch (IOException e) {
                fail(e);
                return;
            }
            if (!data.hasRemaining()) {
                return;
            }
        }
        out.append(data);
        afterQueue();
    }

    private void noteWriter() {
        if (!applicationWrote && !(protocol instanceof TlsLayer)) {
            applicationWrote = true;
        }
    }

    private void checkWritable() {
        if (eofPending) {
            throw new IllegalStateException(this + ": write after writeEof(); the sending side is closed");
        }
        if (closing && !lost) {
            throw new IllegalStateException(this + ": write after close(); the transport is closing");
        }
    }

    /** Data was queued: watch for write readiness, and pause the protocol above the high-water mark. */
    private void afterQueue() {
        updateInterest();
        if (writeTimeoutNanos > 0 && stallTimer == null) {
            lastWriteProgress = loop.time();
            stallTimer = loop.callAt(lastWriteProgress + writeTimeoutNanos, this::checkStall);
        }
        if (marks.pauseNow(out.size())) {
            try {
                protocol.pauseWriting();
            } catch (Throwable t) {
                protocolFailed("pauseWriting", t);
            }
        }
    }

    @Override
    public void writeEof() {
        if (closing || eofPending) {
            return;
        }
        eofPending = true;
        if (out.isEmpty()) {
            shutdownOutput();
        }
    }

    private void shutdownOutput() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            fail(e);
        }
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public int writeBufferSize() {
        return out.size();
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        marks.set(high, low);
        if (!lost) {
            if (out.size() > high) {
                afterQueue();
            } else {
                afterFlush();
            }
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

    /** The stall timer fired: abort if the queued output made no progress for the whole timeout. */
    private void checkStall() {
        stallTimer = null;
        if (lost || out.isEmpty()) {
            return;
        }
        long due = lastWriteProgress + writeTimeoutNanos;
        if (loop.time() < due) {
            stallTimer = loop.callAt(due, this::checkStall);
            return;
        }
        fail(new SocketTimeoutException("the peer " + peerAddress() + " read nothing of the " + out.size()
                + " bytes queued for it within the write timeout of " + Duration.ofNanos(writeTimeoutNanos)
                + " (ServerOptions.withWriteTimeout)"));
    }

    private void cancelStallTimer() {
        if (stallTimer != null) {
            stallTimer.cancel();
            stallTimer = null;
        }
    }

    // ---------------------------------------------------------------- reading control

    @Override
    public void pauseReading() {
        if (!readPaused) {
            readPaused = true;
            updateInterest();
        }
    }

    @Override
    public void resumeReading() {
        if (readPaused) {
            readPaused = false;
            updateInterest();
        }
    }

    @Override
    public boolean isReading() {
        return !readPaused && !closing && !eofReceived;
    }

    private void updateInterest() {
        if (lost) {
            return;
        }
        int want = (readPaused || closing || eofReceived ? 0 : SelectionKey.OP_READ)
                | (out.isEmpty() ? 0 : SelectionKey.OP_WRITE);
        if (want != interest) {
            interest = want;
            key.interestOps(want);
        }
    }

    // ---------------------------------------------------------------- closing

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public void close() {
        IoContext.checkLoop(loop, this, "Transport.close");
        if (closing) {
            return;
        }
        closing = true;
        if (out.isEmpty()) {
            finish(null);
        } else {
            updateInterest();
        }
    }

    @Override
    public void abort() {
        IoContext.checkLoop(loop, this, "Transport.abort");
        out.clear();
        if (!lost) {
            closing = true;
            finish(null);
        }
    }

    /** Closes at once with {@code cause} for {@link Protocol#connectionLost} (TLS failures). */
    public void abort(Throwable cause) {
        out.clear();
        if (!lost) {
            closing = true;
            finish(cause);
        }
    }

    @Override
    public void closeNow() {
        abort();
    }

    /** Whether the channel is closed (connectionLost queued or run). */
    public boolean isLost() {
        return lost;
    }

    /** An I/O error: the connection is over. */
    private void fail(IOException e) {
        if (!lost) {
            out.clear();
            closing = true;
            finish(e instanceof ClosedChannelException ? null : e);
        }
    }

    private void protocolFailed(String callback, Throwable t) {
        loop.callExceptionHandler(new io.jasyncio.ExceptionContext("Protocol." + callback + " of " + this
                + " threw; the connection is aborted", t, null, null, null));
        if (!lost) {
            out.clear();
            closing = true;
            finish(t);
        }
    }

    private void finish(Throwable cause) {
        lost = true;
        cancelStallTimer();
        key.cancel();
        closeQuietly(channel);
        net.closed(this);
        loop.schedule(() -> {
            try {
                protocol.connectionLost(cause);
            } catch (Throwable t) {
                loop.callExceptionHandler(new io.jasyncio.ExceptionContext("Protocol.connectionLost of " + this
                        + " threw", t, null, null, null));
            }
            // after connectionLost: a stream handler woken by it runs before a Server.waitClosed()
            // woken by this (ServerProtectionsTest#waitClosedReturnsAfterTheHandlerOfAnAbortedConnectionEnded)
            if (onLost != null) {
                onLost.accept(this);
            }
        });
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // closing: nothing left to do with the error
        }
    }

    // ---------------------------------------------------------------- extra info

    @Override
    public SocketAddress peerAddress() {
        try {
            return channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public SocketAddress localAddress() {
        try {
            return channel.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public <T> T option(SocketOption<T> name) throws IOException {
        return channel.getOption(name);
    }

    @Override
    public <T> void setOption(SocketOption<T> name, T value) throws IOException {
        channel.setOption(name, value);
    }

    @Override
    public SSLSession tlsSession() {
        return null;
    }

    @Override
    public String applicationProtocol() {
        return null;
    }

    /** The event loop this transport belongs to. */
    public RealEventLoop loop() {
        return loop;
    }

    @Override
    public String toString() {
        String state = lost ? "closed" : closing ? "closing" : readPaused ? "open, reading paused" : "open";
        return "SocketTransport[" + (lost ? "" : peerAddress() + ", ") + state + ", buffered=" + out.size() + "]";
    }
}
