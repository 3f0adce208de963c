package io.jasyncio.internal.io;

import io.jasyncio.internal.task.RealEventLoop;
import io.jasyncio.internal.task.RealTask;
import io.jasyncio.streams.Connection;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.streams.TlsOptions;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Transport;
import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;

/**
 * A stream connection: the {@link Protocol} its transport feeds, and the {@link Connection}
 * users hold, with its reader and writer. The transport is a socket (possibly upgraded to TLS)
 * or one end of a subprocess pipe ({@link #pipe}), as asyncio feeds a subprocess's
 * {@code StreamReader} through a pipe transport.
 *
 * <p>The protocol side never suspends: it buffers, flags and wakes the waiting tasks
 * ({@link IoWait}); the tasks re-check their condition.
 */
public final class StreamConnection implements Protocol, Connection {
    private final RealEventLoop loop;
    private final boolean serverSide;
    private final RealStreamReader reader;
    private final RealStreamWriter writer;
    private final IoWait drainWait = new IoWait("StreamWriter.drain");
    private final IoWait closedWait = new IoWait("StreamWriter.waitClosed");
    /** The socket transport (null on a pipe), and what reads and writes go through (the TLS layer once upgraded). */
    private SocketTransport raw;
    private Transport transport;
    private boolean writePaused;
    private boolean lost;
    private Throwable lostCause;
    /** Application bytes received; minus what the reader still buffers, what the handler has read. */
    private long received;
    /** The server's header deadline, while it runs. */
    private io.jasyncio.TimerHandle headerTimer;

    StreamConnection(RealEventLoop loop, boolean serverSide, int limit, long readTimeoutNanos) {
        this.loop = loop;
        this.serverSide = serverSide;
        this.reader = new RealStreamReader(this, limit, readTimeoutNanos);
        this.writer = new RealStreamWriter(this);
    }

    /**
     * A connection over one end of a subprocess pipe: only its reader (stdout, stderr) or only its
     * writer (stdin) is used. Loop context.
     *
     * @param in the pipe to read, or null
     * @param out the pipe to write, or null
     */
    public static StreamConnection pipe(RealEventLoop loop, String name, java.io.InputStream in,
                                        java.io.OutputStream out) {
        StreamConnection c = new StreamConnection(loop, false, io.jasyncio.streams.ConnectOptions.DEFAULT_LIMIT, 0);
        if (in != null) {
            PipeReadTransport.start(loop, name, in, c);
        } else {
            PipeWriteTransport.start(loop, name, out, c);
        }
        return c;
    }

    /** Attaches the connected socket transport; called once, before any data. */
    void attach(SocketTransport t) {
        raw = t;
        transport = t;
    }

    RealEventLoop loop() {
        return loop;
    }

    // ---------------------------------------------------------------- protocol

    @Override
    public void connectionMade(Transport t) {
        if (transport == null) {
            transport = t;
        }
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        received += data.remaining();
        reader.feed(data);
    }

    @Override
    public boolean eofReceived() {
        reader.feedEof();
        return true;
    }

    @Override
    public void connectionLost(Throwable cause) {
        lost = true;
        if (headerTimer != null) {
            headerTimer.cancel();
            headerTimer = null;
        }
        lostCause = cause;
        if (cause != null) {
            reader.fail(cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause));
        } else {
            reader.feedEof();
        }
        writePaused = false;
        drainWait.wakeAll();
        closedWait.wakeAll();
    }

    @Override
    public void pauseWriting() {
        writePaused = true;
    }

    @Override
    public void resumeWriting() {
        writePaused = false;
        drainWait.wakeAll();
    }

    /**
     * Server side: aborts the connection {@code timeout} from now unless its handler has read
     * something or written something by then. Bytes that arrive without being read do not
     * count, so a request head trickling in does not move the deadline. Loop context.
     */
    void headerDeadline(java.time.Duration timeout) {
        headerTimer = loop.callLater(timeout, () -> {
            headerTimer = null;
            if (!lost && !exchanged()) {
                raw.abort(new java.net.SocketTimeoutException("no request from " + raw.peerAddress()
                        + " within the header timeout of " + timeout + " (ServerOptions.withHeaderTimeout)"));
            }
        });
    }

    /** Whether the handler has read some of the data or written anything. */
    private boolean exchanged() {
        return received > reader.buffered() || raw.applicationWrote()
                || transport instanceof TlsLayer tls && tls.applicationWrote();
    }

    /**
     * Whether {@code e}, thrown out of this connection's handler, is the peer's doing rather than
     * a bug: an {@link IOException} while the connection is lost (a reset, a TLS error, an abort
     * by a server timeout) or at its end (a message cut short), or a read timeout or an over-long
     * line. The exception itself does not say which stream threw it, so an upstream's read
     * timeout or over-long line inside the handler counts as the peer's too.
     */
    boolean failedByPeer(Throwable e) {
        return e instanceof IOException && (lost || reader.atEof() || e instanceof java.net.SocketTimeoutException
                || e instanceof io.jasyncio.streams.LimitOverrunException);
    }

    boolean writePaused() {
        return writePaused;
    }

    boolean isLost() {
        return lost;
    }

    IoWait drainWait() {
        return drainWait;
    }

    IoWait closedWait() {
        return closedWait;
    }

    int highWater() {
        return transport.writeBufferHighWater();
    }

    IOException lostException() {
        SocketException e = new SocketException(lostCause != null ? "connection lost: " + lostCause.getMessage()
                : "connection closed");
        if (lostCause != null) {
            e.initCause(lostCause);
        }
        return e;
    }

    // ---------------------------------------------------------------- connection

    @Override
    public StreamReader reader() {
        return reader;
    }

    @Override
    public StreamWriter writer() {
        return writer;
    }

    @Override
    public Transport transport() {
        return transport;
    }

    @Override
    public void startTls(TlsOptions tls, String serverName) throws IOException {
        RealTask<?> t = RealTask.currentFor(loop, "Connection.startTls()");
        if (raw == null) {
            throw new UnsupportedOperationException(this + " is a pipe: TLS needs a socket");
        }
        if (transport != raw) {
            throw new IllegalStateException(this + " already uses TLS");
        }
        if (reader.buffered() > 0) {
            throw new IllegalStateException(this + " has " + reader.buffered() + " unread bytes; startTls needs "
                    + "the plain-text exchange to be read completely first");
        }
        if (lost) {
            throw lostException();
        }
        TlsLayer layer = TlsLayer.start(raw, this, true, tls, serverSide, serverName);
        transport = layer;
        layer.awaitHandshake(t);
    }

    @Override
    public void close() {
        writer.close();
    }

    @Override
    public void abort() {
        transport.abort();
    }

    @Override
    public String toString() {
        return "Connection[" + transport + "]";
    }
}
