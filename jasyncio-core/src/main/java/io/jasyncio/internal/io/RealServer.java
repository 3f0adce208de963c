package io.jasyncio.internal.io;

import io.jasyncio.ExceptionContext;
import io.jasyncio.internal.loop.IoReady;
import io.jasyncio.internal.task.RealEventLoop;
import io.jasyncio.internal.task.RealTask;
import io.jasyncio.streams.Server;
import io.jasyncio.streams.ServerOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A listening server: one non-blocking {@link ServerSocketChannel} per bound address, accepting
 * in the poll phase and handing each connection to a {@link Starter} (a stream handler task,
 * or a protocol).
 *
 * <p>Open connections are tracked through their socket transports (removed when the transport
 * is lost), which is what {@link #closeClients()}, {@link #abortClients()} and
 * {@link #waitClosed()} work on. Loop-confined.
 *
 * <p><b>Accepting</b> is the listeners' {@code OP_ACCEPT} interest, on exactly while the server
 * serves ({@link #startServing()} happened, not closed), is under its connection limit, and is
 * not backing off after a failed {@code accept()} ({@link #updateAccepting()}). Without the
 * interest, connects wait in the kernel's listen queue.
 */
public final class RealServer implements Server, IoContext.OpenResource {
    /** Connections accepted per readiness event, so one busy listener cannot hold the loop. */
    private static final int ACCEPTS_PER_EVENT = 128;
    /** How long accepting pauses after accept() failed (out of file descriptors). */
    private static final java.time.Duration ACCEPT_RETRY = java.time.Duration.ofMillis(100);

    /** Turns an accepted channel into a running connection. */
    interface Starter {
        /**
         * Takes over {@code ch} (closing it on failure); returns its transport, and calls
         * {@code ended} once, never from inside this call, when the connection is over: for a
         * protocol when the transport is lost, for a stream handler when its task has ended, so
         * that {@code waitClosed} also waits for handlers. Loop context.
         */
        SocketTransport start(SocketChannel ch, java.util.function.Consumer<SocketTransport> ended)
                throws IOException;
    }

    private final RealEventLoop loop;
    private final IoContext net;
    private final Starter starter;
    private final ServerOptions options;
    private final List<Listener> listeners = new ArrayList<>();
    private final Set<SocketTransport> clients = new LinkedHashSet<>();
    private final IoWait closedWait = new IoWait("Server.waitClosed");
    private Path unixPath;
    private boolean closed;
    private boolean serving;
    /** accept() failed (out of descriptors): accepting pauses until the retry timer. */
    private boolean backingOff;

    private RealServer(RealEventLoop loop, Starter starter, ServerOptions options) {
        this.loop = loop;
        this.net = IoContext.of(loop);
        this.starter = starter;
        this.options = options;
    }

    /** In {@code task}: binds {@code host:port} (every address of {@code host}; all interfaces when null). */
    static RealServer bind(RealTask<?> task, String host, int port, ServerOptions o, Starter starter)
            throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        List<SocketAddress> addrs = new ArrayList<>();
        if (host == null || host.isEmpty()) {
            addrs.add(new InetSocketAddress(port));
        } else {
            for (InetAddress a : Connector.resolve(task, host)) {
                addrs.add(new InetSocketAddress(a, port));
            }
        }
        RealServer s = new RealServer(task.realLoop(), starter, o);
        try {
            for (SocketAddress a : addrs) {
                ServerSocketChannel ch = ServerSocketChannel.open(((InetSocketAddress) a).getAddress() instanceof
                        java.net.Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
                s.listen(ch, a, o);
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        s.opened();
        return s;
    }

    /** Bound: registered as open, and serving unless the options say to wait. */
    private void opened() {
        net.opened(this);
        if (options.startServing()) {
            startServing();
        }
    }

    /**
     * Binds a Unix domain socket at {@code path}; a stale socket file left there by a server
     * that died is replaced, any other file is an error.
     */
    static RealServer bindUnix(RealTask<?> task, Path path, ServerOptions o, Starter starter) throws IOException {
        task.checkpoint();
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if (!(mode instanceof Integer m) || (m & 0170000) != 0140000) {
                throw new java.nio.file.FileAlreadyExistsException(path.toString(), null,
                        "exists and is not a socket; choose another path for the Unix server");
            }
            Files.delete(path);
        }
        RealServer s = new RealServer(task.realLoop(), starter, o);
        try {
            s.listen(ServerSocketChannel.open(StandardProtocolFamily.UNIX), UnixDomainSocketAddress.of(path), o);
            s.unixPath = path;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        s.opened();
        return s;
    }

    private void listen(ServerSocketChannel ch, SocketAddress addr, ServerOptions o) throws IOException {
        Listener l = new Listener(ch);
        listeners.add(l);
        ch.configureBlocking(false);
        if (addr instanceof InetSocketAddress) {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, o.reuseAddress());
            if (o.reusePort()) {
                if (!ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                    throw new UnsupportedOperationException("SO_REUSEPORT is not supported on this platform; "
                            + "drop ServerOptions.withReusePort(true)");
                }
                ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
        }
        ch.bind(addr, o.backlog());
        l.key = ch.register(loop.selector(), 0, l);
    }

    /** Gives the listeners {@code OP_ACCEPT} interest exactly while accepting is allowed. */
    private void updateAccepting() {
        boolean accept = serving && !closed && !backingOff && clients.size() < options.maxConnections();
        for (Listener l : listeners) {
            if (l.key != null && l.key.isValid()) {
                l.key.interestOps(accept ? SelectionKey.OP_ACCEPT : 0);
            }
        }
    }

    /** Takes over an accepted channel: socket options, the starter, tracking. */
    private void accepted(SocketChannel ch) throws IOException {
        if (options.keepAlive() && !(ch.getLocalAddress() instanceof UnixDomainSocketAddress)) {
            try {
                ch.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            } catch (IOException | RuntimeException e) {
                closeQuietly(ch);
                throw e;
            }
        }
        SocketTransport t = starter.start(ch, this::untrack);
        t.writeTimeout(options.writeTimeout());
        clients.add(t);
        if (clients.size() >= options.maxConnections()) {
            updateAccepting();
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // a connection we could not set up: nothing more to do with it
        }
    }

    private void untrack(SocketTransport t) {
        boolean wasFull = clients.size() >= options.maxConnections();
        clients.remove(t);
        if (wasFull) {
            updateAccepting();
        }
        if (closed && clients.isEmpty()) {
            closedWait.wakeAll();
        }
    }

    // ---------------------------------------------------------------- Server

    @Override
    public List<SocketAddress> addresses() {
        List<SocketAddress> r = new ArrayList<>();
        for (Listener l : listeners) {
            try {
                SocketAddress a = l.channel.getLocalAddress();
                if (a != null) {
                    r.add(a);
                }
            } catch (IOException e) {
                // a closed listener has no address
            }
        }
        return r;
    }

    @Override
    public boolean isServing() {
        return serving && !closed;
    }

    @Override
    public void startServing() {
        IoContext.checkLoop(loop, this, "Server.startServing");
        if (closed) {
            throw new IllegalStateException(this + " is closed; start a new server");
        }
        if (!serving) {
            serving = true;
            updateAccepting();
        }
    }

    @Override
    public int connectionCount() {
        return clients.size();
    }

    @Override
    public void serveForever() {
        RealTask<?> t = RealTask.currentFor(loop, "Server.serveForever()");
        if (!closed) {
            startServing();
        }
        t.checkpoint();
        try {
            while (!closed) {
                closedWait.await(t, Long.MAX_VALUE);
            }
        } catch (io.jasyncio.CancelledError e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        IoContext.checkLoop(loop, this, "Server.close");
        if (closed) {
            return;
        }
        closed = true;
        for (Listener l : listeners) {
            if (l.key != null) {
                l.key.cancel();
            }
            try {
                l.channel.close();
            } catch (IOException e) {
                // closing: nothing to do with the error
            }
        }
        if (unixPath != null) {
            try {
                Files.deleteIfExists(unixPath);
            } catch (IOException e) {
                loop.callExceptionHandler(new ExceptionContext("could not remove the socket file of " + this, e,
                        null, null, null));
            }
        }
        net.closed(this);
        closedWait.wakeAll();
    }

    @Override
    public void closeNow() {
        close();
        abortClients();
    }

    @Override
    public void closeClients() {
        IoContext.checkLoop(loop, this, "Server.closeClients");
        for (SocketTransport t : clients.toArray(new SocketTransport[0])) {
            t.close();
        }
    }

    @Override
    public void abortClients() {
        IoContext.checkLoop(loop, this, "Server.abortClients");
        for (SocketTransport t : clients.toArray(new SocketTransport[0])) {
            t.abort();
        }
    }

    @Override
    public void waitClosed() {
        RealTask<?> t = RealTask.currentFor(loop, "Server.waitClosed()");
        if (closed && clients.isEmpty()) {
            t.checkpoint();
            return;
        }
        while (!closed || !clients.isEmpty()) {
            closedWait.await(t, Long.MAX_VALUE);
        }
    }

    @Override
    public boolean waitClosed(java.time.Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("waitClosed timeout must not be negative, got " + timeout);
        }
        RealTask<?> t = RealTask.currentFor(loop, "Server.waitClosed(timeout)");
        long deadline = loop.time() + RealEventLoop.saturatedNanos(timeout);
        t.checkpoint();
        while ((!closed || !clients.isEmpty()) && loop.time() < deadline) {
            closedWait.await(t, deadline);
        }
        return closed && clients.isEmpty();
    }

    @Override
    public String toString() {
        return "Server[" + (unixPath != null ? unixPath : addresses()) + ", "
                + (closed ? "closed" : serving ? "serving" : "not serving yet")
                + ", connections=" + clients.size() + "]";
    }

    /** One listening socket. */
    private final class Listener implements IoReady {
        final ServerSocketChannel channel;
        SelectionKey key;

        Listener(ServerSocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public void ioReady(int readyOps) {
            for (int i = 0; i < ACCEPTS_PER_EVENT && !closed && clients.size() < options.maxConnections(); i++) {
                SocketChannel ch;
                try {
                    ch = channel.accept();
                } catch (IOException e) {
                    // EMFILE and friends: the pending connection stays queued and the selector would
                    // report it again at once, so stop accepting for a moment (asyncio does the same)
                    loop.callExceptionHandler(new ExceptionContext("accept() failed on " + RealServer.this
                            + "; accepting again in " + ACCEPT_RETRY.toMillis() + " ms", e, null, null, null));
                    backingOff = true;
                    updateAccepting();
                    loop.callLater(ACCEPT_RETRY, () -> {
                        backingOff = false;
                        updateAccepting();
                    });
                    return;
                }
                if (ch == null) {
                    return;
                }
                try {
                    accepted(ch);
                } catch (IOException | RuntimeException e) {
                    loop.callExceptionHandler(new ExceptionContext("could not start a connection on "
                            + RealServer.this, e, null, null, null));
                }
            }
        }
    }
}
