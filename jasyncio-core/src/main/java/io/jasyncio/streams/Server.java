package io.jasyncio.streams;

import io.jasyncio.CancelledError;
import java.net.SocketAddress;
import java.util.List;

/**
 * A listening server: accepts connections on its sockets and hands each to a handler
 * (a {@link ConnectionHandler} task, or a protocol).
 *
 * <p><b>Lifecycle.</b> It serves from the moment it is created, unless it was started with
 * {@link ServerOptions#withStartServing(boolean) withStartServing(false)}: then it is bound and
 * listening (the kernel queues connects) and accepts from {@link #startServing()} on (asyncio
 * does not even listen before {@code start_serving()}; the JDK binds and listens in one call,
 * and a client that connects during start-up waits instead of being refused). {@link #close()} stops
 * accepting and closes the listening sockets (a Unix socket's file is removed); connections
 * already accepted go on until they end, or until {@link #closeClients()} or
 * {@link #abortClients()}. {@link #waitClosed()} waits for both.
 *
 * <p><b>Graceful shutdown</b>:
 * <pre>{@code
 * server.close();          // no new connections
 * server.closeClients();   // each connection flushes what it queued, then closes
 * server.waitClosed();     // every connection has ended
 * }</pre>
 *
 * <p><b>Threads.</b> Loop-confined.
 *
 * @asyncio {@code asyncio.Server}
 */
public interface Server extends AutoCloseable {

    /** The bound addresses of the listening sockets (with the real port when 0 was asked). */
    List<SocketAddress> addresses();

    /**
     * Whether the server accepts connections: it started serving and was not closed (true also
     * while a connection limit holds new clients in the listen queue).
     *
     * @asyncio {@code is_serving()}
     */
    boolean isServing();

    /**
     * Starts accepting, for a server started with {@code withStartServing(false)}; does nothing
     * if it already serves.
     *
     * @throws IllegalStateException if the server is closed
     * @throws WrongThreadException if not called from the server's loop
     * @asyncio {@code start_serving()} (which does not suspend here: the socket listens already)
     */
    void startServing();

    /** The number of connections open now. */
    int connectionCount();

    /**
     * Starts serving if it does not yet, then waits until the server is closed; cancelling the
     * waiting task closes the server.
     *
     * @throws CancelledError if the task is cancelled; the server is then closed
     * @suspends until {@link #close()}
     * @asyncio {@code serve_forever()}
     */
    void serveForever();

    /** Stops accepting and closes the listening sockets; never waits, idempotent. */
    @Override
    void close();

    /** Closes every open connection after its queued data is sent. @asyncio {@code close_clients()} */
    void closeClients();

    /** Closes every open connection at once, dropping queued data. @asyncio {@code abort_clients()} */
    void abortClients();

    /**
     * Waits until the server is closed and every connection has ended: for a stream server,
     * until each connection's handler task has ended (its cleanup included, even when it awaits);
     * for a protocol server, until each transport's {@code connectionLost} has run.
     *
     * @throws CancelledError if the task is cancelled while it waits
     * @suspends until closed with no connection left; a checkpoint if that is already so
     * @asyncio {@code wait_closed()}
     */
    void waitClosed();

    /**
     * Waits like {@link #waitClosed()}, at most {@code timeout}; the server and its connections
     * are left as they are when the time is up (call {@link #abortClients()} to end them).
     *
     * @return true if the server is closed with no connection left, false if the time ran out
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws CancelledError if the task is cancelled while it waits
     * @suspends until closed with no connection left, or for {@code timeout}; a checkpoint if
     *     that is already so
     */
    boolean waitClosed(java.time.Duration timeout);
}
