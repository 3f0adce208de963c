package io.jasyncio.internal.io;

import io.jasyncio.CancelledError;
import io.jasyncio.TimerHandle;
import io.jasyncio.internal.task.Offload;
import io.jasyncio.internal.task.RealEventLoop;
import io.jasyncio.internal.task.RealTask;
import io.jasyncio.streams.TlsOptions;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * TLS between a socket transport and an application protocol, on an {@link SSLEngine}: the
 * socket transport's protocol on one side, the application's transport on the other (asyncio's
 * {@code SSLProtocol} design, which is also what makes {@code startTls} possible on an open
 * connection).
 *
 * <p><b>Pump.</b> Every event ({@link #dataReceived} from the socket, a write, a close) runs
 * {@link #pump()}: wrap what the engine wants to send, unwrap what arrived, until the engine
 * needs bytes that have not arrived. Decrypted data goes to the application in one borrowed
 * buffer.
 *
 * <p><b>Delegated tasks</b> (the handshake's CPU work: key exchange, signatures, certificate
 * checks; a few milliseconds each) run on the CPU pool, never on the loop, so a flood of
 * handshakes does not stall the loop's other connections (asyncio runs them inline). While they
 * run the pump stands still: bytes that arrive are buffered, application writes queue in
 * {@link #pendingWrites} and a close waits; {@link #tasksDone} resumes all three, in that order.
 * The tasks count as outside work, so a virtual clock does not jump past a handshake.
 *
 * <p><b>Closing.</b> {@link #close()} sends close_notify and closes the socket once it is
 * flushed, without waiting for the peer's close_notify (allowed since TLS 1.1: the session
 * is not resumable otherwise, which costs nothing here). The shutdown timeout aborts a close
 * whose flush the peer blocks; the handshake timeout aborts a handshake that does not finish.
 */
final class TlsLayer implements Protocol, Transport {
    private static final List<String> MODERN = List.of("TLSv1.3", "TLSv1.2");
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SocketTransport raw;
    private final Protocol app;
    private final SSLEngine engine;
    private final TlsOptions options;
    private final IoWait handshakeWait = new IoWait("TLS handshake");
    private ByteBuffer netIn;
    private ByteBuffer appIn;
    private ByteBuffer netOut;
    private boolean handshakeDone;
    /** The handshake failed with this (set once). */
    private IOException failure;
    private boolean closing;
    private TimerHandle timer;
    /** The application protocol had connectionMade (before: startTls; else when the handshake is done). */
    private boolean appConnected;
    /** The engine's delegated tasks run on the CPU pool; the pump waits for them. */
    private boolean tasksRunning;
    /** Application data written while tasks ran (or left over by a wrap that needed them), in order. */
    private final ArrayDeque<ByteBuffer> pendingWrites = new ArrayDeque<>();
    /** close() sent close_notify (it waits while tasks run or writes are pending). */
    private boolean closeNotifySent;
    /** The application wrote: the server's header deadline is over. */
    private boolean applicationWrote;

    private TlsLayer(SocketTransport raw, Protocol app, SSLEngine engine, TlsOptions options) {
        this.raw = raw;
        this.app = app;
        this.engine = engine;
        this.options = options;
        SSLSession s = engine.getSession();
        netIn = ByteBuffer.allocate(s.getPacketBufferSize());
        netOut = ByteBuffer.allocate(s.getPacketBufferSize());
        appIn = ByteBuffer.allocate(s.getApplicationBufferSize());
    }

    /**
     * Puts a TLS layer over {@code raw} (which becomes its socket) and starts the handshake;
     * {@code app.connectionMade} follows when it is done unless {@code appConnected} (startTls
     * on a connection the application already uses). Loop context.
     */
    static TlsLayer start(SocketTransport raw, Protocol app, boolean appConnected, TlsOptions options,
                          boolean serverSide, String serverName) throws IOException {
        SSLEngine engine = newEngine(options, serverSide, serverName, raw.peerAddress());
        TlsLayer layer = new TlsLayer(raw, app, engine, options);
        layer.appConnected = appConnected;
        raw.protocol(layer);
        layer.timer = raw.loop().callLater(options.handshakeTimeout(), () -> layer.handshakeFailed(
                new SSLHandshakeException("TLS handshake did not finish within " + options.handshakeTimeout())));
        engine.beginHandshake();
        layer.pump();
        return layer;
    }

    private static SSLEngine newEngine(TlsOptions o, boolean serverSide, String serverName, SocketAddress peer)
            throws IOException {
        SSLContext ctx = o.context();
        if (ctx == null) {
            if (serverSide) {
                throw new IllegalArgumentException("a TLS server needs TlsOptions.server(sslContext) with its key");
            }
            try {
                ctx = SSLContext.getDefault();
            } catch (NoSuchAlgorithmException e) {
                throw new SSLException("no default SSLContext", e);
            }
        }
        String host = serverName != null ? serverName : o.serverName();
        if (host == null && peer instanceof InetSocketAddress isa) {
            host = isa.getHostString();
        }
        int port = peer instanceof InetSocketAddress isa ? isa.getPort() : -1;
        SSLEngine e = serverSide || host == null ? ctx.createSSLEngine() : ctx.createSSLEngine(host, port);
        e.setUseClientMode(!serverSide);
        SSLParameters p = e.getSSLParameters();
        List<String> protocols = new ArrayList<>();
        for (String s : p.getProtocols()) {
            if (MODERN.contains(s)) {
                protocols.add(s);
            }
        }
        p.setProtocols(protocols.toArray(new String[0]));
        if (!serverSide) {
            if (o.verifyHostname()) {
                p.setEndpointIdentificationAlgorithm("HTTPS");
            }
            if (host != null && !isIpLiteral(host)) {
                p.setServerNames(List.of(new SNIHostName(host)));
            }
        }
        if (!o.alpn().isEmpty()) {
            p.setApplicationProtocols(o.alpn().toArray(new String[0]));
        }
        e.setSSLParameters(p);
        return e;
    }

    private static boolean isIpLiteral(String host) {
        try {
            java.net.InetAddress.ofLiteral(host);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * In {@code task}: waits for the handshake.
     *
     * @throws SSLException if it failed or timed out (the connection is aborted)
     * @throws CancelledError if the task is cancelled (the connection is aborted)
     */
    void awaitHandshake(RealTask<?> task) throws IOException {
        try {
            while (!handshakeDone && failure == null) {
                handshakeWait.await(task, Long.MAX_VALUE);
            }
        } catch (CancelledError e) {
            raw.abort();
            throw e;
        }
        if (failure != null) {
            raw.abort(failure);
            IOException e = failure instanceof SSLHandshakeException ? new SSLHandshakeException(failure.getMessage())
                    : new SSLException(failure.getMessage());
            e.initCause(failure);
            throw e;
        }
    }

    // ---------------------------------------------------------------- the engine pump

    private void pump() {
        try {
            while (!raw.isLost() && !tasksRunning) {
                SSLEngineResult.HandshakeStatus hs = engine.getHandshakeStatus();
                if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                    startTasks();
                } else if (hs == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                    if (!wrap(EMPTY)) {
                        return;
                    }
                } else if (!unwrap()) {
                    return;
                }
            }
        } catch (SSLException e) {
            if (!handshakeDone) {
                handshakeFailed(e);
            } else {
                raw.abort(e);
            }
        }
    }

    /**
     * Starts the engine's delegated tasks on the CPU pool; {@link #tasksDone} resumes the pump on
     * the loop. Loop context.
     */
    private void startTasks() {
        List<Runnable> tasks = new ArrayList<>();
        for (Runnable r; (r = engine.getDelegatedTask()) != null; ) {
            tasks.add(r);
        }
        tasksRunning = true;
        RealEventLoop loop = raw.loop();
        loop.externalStarted();
        try {
            Offload.cpuPool().execute(() -> {
                Throwable failed = null;
                try {
                    for (Runnable r : tasks) {
                        r.run();
                    }
                } catch (Throwable t) {
                    failed = t;
                }
                Throwable f = failed;
                try {
                    loop.scheduleFromOutside(() -> tasksDone(f));
                } finally {
                    loop.externalEnded();
                }
            });
        } catch (RuntimeException rejected) {
            loop.externalEnded();
            tasksDone(rejected);
        }
    }

    /** Loop context: the delegated tasks ended; resume the pump, then queued writes, then a close. */
    private void tasksDone(Throwable failed) {
        tasksRunning = false;
        if (raw.isLost()) {
            return;
        }
        if (failed != null) {
            SSLException e = new SSLException("a TLS handshake task failed: " + failed, failed);
            if (!handshakeDone) {
                handshakeFailed(e);
            } else {
                raw.abort(e);
            }
            return;
        }
        pump();
        try {
            while (!tasksRunning && !pendingWrites.isEmpty() && !raw.isLost()) {
                ByteBuffer b = pendingWrites.peekFirst();
                wrap(b);
                if (b.hasRemaining()) {
                    break;
                }
                pendingWrites.pollFirst();
            }
        } catch (SSLException e) {
            raw.abort(e);
            return;
        }
        if (closing && !closeNotifySent && !tasksRunning && pendingWrites.isEmpty()) {
            sendCloseNotify();
        }
    }

    /**
     * Wraps {@code src} into records and writes them, completely unless the engine needs its
     * delegated tasks first (they are started; the rest of {@code src} stays in it).
     *
     * @return false once the engine is closed
     */
    private boolean wrap(ByteBuffer src) throws SSLException {
        do {
            netOut.clear();
            SSLEngineResult r = engine.wrap(src, netOut);
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                netOut = ByteBuffer.allocate(netOut.capacity() * 2);
                continue;
            }
            netOut.flip();
            if (netOut.hasRemaining() && !raw.isLost()) {
                raw.write(netOut);
            }
            checkFinished(r);
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                return false;
            }
            if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                if (!tasksRunning) {
                    startTasks();
                }
                return true;
            }
        } while (src.hasRemaining());
        return true;
    }

    /** Unwraps what arrived; false when more bytes are needed or the peer closed. */
    private boolean unwrap() throws SSLException {
        netIn.flip();
        SSLEngineResult r;
        try {
            r = engine.unwrap(netIn, appIn);
        } finally {
            netIn.compact();
        }
        switch (r.getStatus()) {
            case BUFFER_UNDERFLOW -> {
                if (netIn.position() == netIn.capacity()) {
                    netIn = grow(netIn, engine.getSession().getPacketBufferSize());
                    return true;
                }
                return false;
            }
            case BUFFER_OVERFLOW -> {
                if (appIn.position() == 0) {
                    appIn = grow(appIn, engine.getSession().getApplicationBufferSize());
                } else {
                    deliver();
                }
                return true;
            }
            case CLOSED -> {
                checkFinished(r);
                deliver();
                peerClosed();
                return false;
            }
            default -> {
                checkFinished(r);
                deliver();
                return r.bytesConsumed() > 0 || r.bytesProduced() > 0
                        || r.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING;
            }
        }
    }

    private static ByteBuffer grow(ByteBuffer b, int atLeast) {
        ByteBuffer n = ByteBuffer.allocate(Math.max(atLeast, b.capacity() * 2));
        b.flip();
        n.put(b);
        return n;
    }

    private void checkFinished(SSLEngineResult r) {
        if (!handshakeDone && r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED) {
            handshakeDone = true;
            cancelTimer();
            handshakeWait.wakeAll();
            if (appConnected) {
                return;
            }
            appConnected = true;
            try {
                app.connectionMade(this);
            } catch (Throwable t) {
                raw.loop().callExceptionHandler(new io.jasyncio.ExceptionContext("Protocol.connectionMade of "
                        + this + " threw; the connection is aborted", t, null, null, null));
                raw.abort(t);
            }
        }
    }

    private void deliver() {
        appIn.flip();
        if (appIn.hasRemaining()) {
            try {
                app.dataReceived(appIn);
            } catch (Throwable t) {
                raw.loop().callExceptionHandler(new io.jasyncio.ExceptionContext("Protocol.dataReceived of "
                        + this + " threw; the connection is aborted", t, null, null, null));
                raw.abort(t);
            }
        }
        appIn.clear();
    }

    private void peerClosed() {
        if (!handshakeDone) {
            handshakeFailed(new SSLHandshakeException("the peer closed the connection during the TLS handshake"));
            return;
        }
        app.eofReceived();
        close();
    }

    /** The handshake failed: the connection is aborted, and a task awaiting it is told why. */
    private void handshakeFailed(IOException e) {
        if (failure == null && !handshakeDone) {
            failure = e;
            cancelTimer();
            handshakeWait.wakeAll();
            raw.abort(e);
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    // ---------------------------------------------------------------- socket side (Protocol)

    @Override
    public void dataReceived(ByteBuffer data) {
        while (data.hasRemaining()) {
            if (!netIn.hasRemaining()) {
                netIn = grow(netIn, netIn.capacity() * 2);
            }
            int n = Math.min(netIn.remaining(), data.remaining());
            int lim = data.limit();
            data.limit(data.position() + n);
            netIn.put(data);
            data.limit(lim);
        }
        pump();
    }

    @Override
    public boolean eofReceived() {
        try {
            engine.closeInbound();
        } catch (SSLException truncated) {
            // EOF without close_notify: treated as EOF, as asyncio does
        }
        if (!handshakeDone) {
            handshakeFailed(new SSLHandshakeException("the peer closed the connection during the TLS handshake"));
            return false;
        }
        app.eofReceived();
        return false;
    }

    @Override
    public void connectionLost(Throwable cause) {
        cancelTimer();
        handshakeFailed(cause instanceof IOException io ? io
                : new SSLHandshakeException("the connection was closed during the TLS handshake"));
        if (appConnected) {
            app.connectionLost(cause);
        }
    }

    @Override
    public void pauseWriting() {
        app.pauseWriting();
    }

    @Override
    public void resumeWriting() {
        app.resumeWriting();
    }

    // ---------------------------------------------------------------- application side (Transport)

    @Override
    public void write(byte[] data, int off, int len) {
        write(ByteBuffer.wrap(data, off, len));
    }

    @Override
    public void write(ByteBuffer data) {
        if (closing) {
            throw new IllegalStateException(this + ": write after close()");
        }
        if (!handshakeDone) {
            throw new IllegalStateException(this + ": write before the TLS handshake finished");
        }
        if (raw.isLost()) {
            data.position(data.limit());
            return;
        }
        applicationWrote = true;
        if (tasksRunning || !pendingWrites.isEmpty()) {
            pendingWrites.addLast(copyOf(data));
            return;
        }
        try {
            wrap(data);
        } catch (SSLException e) {
            raw.abort(e);
            return;
        }
        if (data.hasRemaining()) {
            pendingWrites.addLast(copyOf(data));
        }
    }

    private static ByteBuffer copyOf(ByteBuffer data) {
        ByteBuffer b = ByteBuffer.allocate(data.remaining());
        b.put(data).flip();
        return b;
    }

    /** Whether the application has written anything (the server's header deadline ends then). */
    boolean applicationWrote() {
        return applicationWrote;
    }

    @Override
    public void writeEof() {
        throw new UnsupportedOperationException("TLS has no half-close: writeEof() is not supported; use close()");
    }

    @Override
    public boolean canWriteEof() {
        return false;
    }

    @Override
    public int writeBufferSize() {
        return raw.writeBufferSize();
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        raw.setWriteBufferLimits(high, low);
    }

    @Override
    public int writeBufferHighWater() {
        return raw.writeBufferHighWater();
    }

    @Override
    public int writeBufferLowWater() {
        return raw.writeBufferLowWater();
    }

    @Override
    public void pauseReading() {
        raw.pauseReading();
    }

    @Override
    public void resumeReading() {
        raw.resumeReading();
    }

    @Override
    public boolean isReading() {
        return raw.isReading();
    }

    @Override
    public boolean isClosing() {
        return closing || raw.isClosing();
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        if (!tasksRunning && pendingWrites.isEmpty()) {
            sendCloseNotify();
        }
    }

    /** Sends close_notify and closes the socket once it is flushed, within the shutdown timeout. */
    private void sendCloseNotify() {
        closeNotifySent = true;
        if (!raw.isLost()) {
            engine.closeOutbound();
            try {
                wrap(EMPTY);
            } catch (SSLException e) {
                raw.abort(e);
                return;
            }
            cancelTimer();
            timer = raw.loop().callLater(options.shutdownTimeout(), raw::abort);
            raw.close();
        }
    }

    @Override
    public void abort() {
        closing = true;
        cancelTimer();
        raw.abort();
    }

    @Override
    public SocketAddress peerAddress() {
        return raw.peerAddress();
    }

    @Override
    public SocketAddress localAddress() {
        return raw.localAddress();
    }

    @Override
    public <T> T option(SocketOption<T> name) throws IOException {
        return raw.option(name);
    }

    @Override
    public <T> void setOption(SocketOption<T> name, T value) throws IOException {
        raw.setOption(name, value);
    }

    @Override
    public SSLSession tlsSession() {
        return handshakeDone ? engine.getSession() : null;
    }

    @Override
    public String applicationProtocol() {
        String p = handshakeDone ? engine.getApplicationProtocol() : null;
        return p == null || p.isEmpty() ? null : p;
    }

    @Override
    public Protocol protocol() {
        return app;
    }

    @Override
    public String toString() {
        return "TlsTransport[" + (handshakeDone ? engine.getSession().getProtocol() : "handshaking") + ", " + raw + "]";
    }
}
