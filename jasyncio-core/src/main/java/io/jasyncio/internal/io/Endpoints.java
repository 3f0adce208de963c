package io.jasyncio.internal.io;

import io.jasyncio.CancelledError;
import io.jasyncio.ExceptionContext;
import io.jasyncio.internal.task.RealEventLoop;
import io.jasyncio.internal.task.RealTask;
import io.jasyncio.streams.ConnectOptions;
import io.jasyncio.streams.Connection;
import io.jasyncio.streams.ConnectionHandler;
import io.jasyncio.streams.Server;
import io.jasyncio.streams.ServerOptions;
import io.jasyncio.streams.TlsOptions;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Transport;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What {@code Streams} and {@code Transports} do: connect or listen, then put a stream
 * connection (with its handler task) or a protocol on each socket.
 */
public final class Endpoints {
    private static final System.Logger LOG = System.getLogger("io.jasyncio.net");

    private Endpoints() {
    }

    // ---------------------------------------------------------------- streams

    /** In a task: connects to {@code host:port} and returns the stream connection. */
    public static Connection openConnection(String host, int port, ConnectOptions o) throws IOException {
        Objects.requireNonNull(host, "host");
        RealTask<?> t = RealTask.currentFor(null, "Streams.openConnection()");
        SocketChannel ch = Connector.connect(t, host, port, o.happyEyeballsDelay());
        return startClient(t, ch, o, host);
    }

    /** In a task: connects to the Unix domain socket at {@code path}. */
    public static Connection openUnixConnection(Path path, ConnectOptions o) throws IOException {
        RealTask<?> t = RealTask.currentFor(null, "Streams.openUnixConnection()");
        SocketChannel ch = Connector.connectUnix(t, UnixDomainSocketAddress.of(path));
        return startClient(t, ch, o, null);
    }

    private static Connection startClient(RealTask<?> t, SocketChannel ch, ConnectOptions o, String host)
            throws IOException {
        StreamConnection c = new StreamConnection(t.realLoop(), false, o.limit(), nanos(o.readTimeout()));
        c.attach(SocketTransport.open(t.realLoop(), ch, c));
        if (o.tls() != null) {
            c.startTls(o.tls(), o.tls().serverName() != null ? o.tls().serverName() : host);
        }
        return c;
    }

    /** In a task: starts a stream server on {@code host:port}; one task per connection. */
    public static Server startServer(ConnectionHandler handler, String host, int port, ServerOptions o)
            throws IOException {
        Objects.requireNonNull(handler, "handler");
        checkServerTls(o.tls());
        RealTask<?> t = RealTask.currentFor(null, "Streams.startServer()");
        return RealServer.bind(t, host, port, o, (ch, ended) -> startHandler(t.realLoop(), ch, handler, o, ended));
    }

    /** In a task: starts a stream server on a Unix domain socket at {@code path}. */
    public static Server startUnixServer(ConnectionHandler handler, Path path, ServerOptions o) throws IOException {
        Objects.requireNonNull(handler, "handler");
        checkServerTls(o.tls());
        RealTask<?> t = RealTask.currentFor(null, "Streams.startUnixServer()");
        return RealServer.bindUnix(t, path, o, (ch, ended) -> startHandler(t.realLoop(), ch, handler, o, ended));
    }

    private static void checkServerTls(TlsOptions tls) {
        if (tls != null && tls.context() == null) {
            throw new IllegalArgumentException("a TLS server needs TlsOptions.server(sslContext) with its key");
        }
    }

    private static SocketTransport startHandler(RealEventLoop loop, SocketChannel ch, ConnectionHandler handler,
                                                ServerOptions o, Consumer<SocketTransport> ended)
            throws IOException {
        StreamConnection c = new StreamConnection(loop, true, o.limit(), nanos(o.idleTimeout()));
        SocketTransport tr = SocketTransport.open(loop, ch, c);
        c.attach(tr);
        if (o.headerTimeout() != null) {
            c.headerDeadline(o.headerTimeout());
        }
        // lazy even on an eager loop, so the server tracks the transport before the handler can
        // end; a done callback, so a task cancelled before it started ends the connection too
        loop.createLazyTask("conn " + tr.peerAddress(), () -> {
            serve(loop, c, handler, o.tls());
            return null;
        }).addDoneCallback(done -> {
            if (!tr.isClosing()) {
                tr.abort();   // cancelled before its body ran: nothing else will close the socket
            }
            ended.accept(tr);
        });
        return tr;
    }

    /**
     * The body of a connection's task: handshake, handler, close; failures never escape. A
     * failure the peer caused (a reset, a timeout, garbage; {@link StreamConnection#failedByPeer})
     * is an ordinary event of a server and goes to the log at DEBUG, without its stack unless
     * TRACE is on: 5,000 clients resetting must not produce 5,000 error reports. Any other
     * failure is a bug in the handler and goes to the loop's exception handler.
     */
    private static void serve(RealEventLoop loop, StreamConnection c, ConnectionHandler handler, TlsOptions tls) {
        boolean ok = false;
        try {
            if (tls != null) {
                try {
                    c.startTls(tls, null);
                } catch (IOException e) {
                    // a client that cannot do TLS is the client's problem, not the server's
                    LOG.log(System.Logger.Level.DEBUG, "TLS handshake failed on " + c, e);
                    return;
                }
            }
            handler.handle(c);
            ok = true;
        } catch (CancelledError e) {
            throw e;
        } catch (Throwable e) {
            if (c.failedByPeer(e)) {
                if (LOG.isLoggable(System.Logger.Level.TRACE)) {
                    LOG.log(System.Logger.Level.TRACE, "connection ended by the peer: " + c, e);
                } else {
                    LOG.log(System.Logger.Level.DEBUG, "connection ended by the peer: " + c + ": " + e);
                }
            } else {
                loop.callExceptionHandler(new ExceptionContext("connection handler failed on " + c
                        + "; the connection was aborted", e, null, RealTask.current(), null));
            }
        } finally {
            if (ok) {
                c.close();
            } else {
                c.abort();
            }
        }
    }

    // ---------------------------------------------------------------- protocols

    /** In a task: connects and puts a protocol from {@code factory} on the connection. */
    public static Transport createConnection(Supplier<? extends Protocol> factory, String host, int port,
                                             ConnectOptions o) throws IOException {
        RealTask<?> t = RealTask.currentFor(null, "Transports.createConnection()");
        Protocol p = Objects.requireNonNull(factory.get(), "protocol");
        SocketChannel ch = Connector.connect(t, host, port, o.happyEyeballsDelay());
        if (o.tls() == null) {
            return SocketTransport.open(t.realLoop(), ch, p);
        }
        SocketTransport raw = SocketTransport.open(t.realLoop(), ch, UNTIL_TLS);
        TlsLayer layer = TlsLayer.start(raw, p, false, o.tls(), false,
                o.tls().serverName() != null ? o.tls().serverName() : host);
        layer.awaitHandshake(t);
        return layer;
    }

    /** The socket's protocol for the moment between connecting and the TLS layer taking over. */
    private static final Protocol UNTIL_TLS = data -> {
        throw new IllegalStateException("data before the TLS layer was attached");
    };

    /** In a task: starts a server that puts a protocol from {@code factory} on each connection. */
    public static Server createServer(Supplier<? extends Protocol> factory, String host, int port, ServerOptions o)
            throws IOException {
        checkServerTls(o.tls());
        RealTask<?> t = RealTask.currentFor(null, "Transports.createServer()");
        RealEventLoop loop = t.realLoop();
        return RealServer.bind(t, host, port, o, (ch, ended) -> {
            Protocol p = Objects.requireNonNull(factory.get(), "protocol");
            SocketTransport raw;
            if (o.tls() == null) {
                raw = SocketTransport.open(loop, ch, p);
            } else {
                // connectionMade follows the handshake; a failed handshake aborts the connection
                raw = SocketTransport.open(loop, ch, UNTIL_TLS);
                TlsLayer.start(raw, p, false, o.tls(), true, null);
            }
            raw.onLost(ended);
            return raw;
        });
    }

    private static long nanos(Duration d) {
        return d == null ? 0 : RealEventLoop.saturatedNanos(d);
    }
}
