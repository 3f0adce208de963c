package io.jasyncio.streams;

import io.jasyncio.CancelledError;
import java.net.SocketAddress;
import java.util.List;

/**
 * A listening server: accepts connections on its sockets and hands each to a handler
 * (a {@link ConnectionHandler} task, or a protocol).
 *
 * <p><b>Lifecycle.</b> It serves from the moment it is created. {@link #close()} stops
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

    /** Whether the server accepts connections (it was not closed). */
    boolean isServing();

    /** The number of connections open now. */
    int connectionCount();

    /**
     * Waits until the server is closed; cancelling the waiting task closes the server.
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
     * Waits until the server is closed and every connection has ended.
     *
     * @throws CancelledError if the task is cancelled while it waits
     * @suspends until closed with no connection left; a checkpoint if that is already so
     * @asyncio {@code wait_closed()}
     */
    void waitClosed();
}
