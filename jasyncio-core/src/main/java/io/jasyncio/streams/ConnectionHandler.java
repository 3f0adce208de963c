package io.jasyncio.streams;

/**
 * What a stream server runs for each connection, in a task of its own.
 *
 * <p>When the handler returns, the connection is closed after its queued data is sent; when it
 * throws, the connection is aborted and the failure goes to the loop's exception handler, unless
 * the peer caused it (an {@link java.io.IOException} while the connection is reset, timed out by
 * the server's options or at its end; a read timeout; an over-long line): that is an ordinary
 * event of a server and is logged at DEBUG on {@code io.jasyncio.net}. The server keeps serving
 * either way.
 *
 * @asyncio the {@code client_connected_cb} of {@code asyncio.start_server}
 */
@FunctionalInterface
public interface ConnectionHandler {

    /**
     * Serves one connection; may suspend.
     *
     * @throws Exception any failure: the connection is aborted, and the failure reported (at
     *     DEBUG when the peer caused it)
     */
    void handle(Connection connection) throws Exception;
}
