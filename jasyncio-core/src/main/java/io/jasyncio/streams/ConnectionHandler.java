package io.jasyncio.streams;

/**
 * What a stream server runs for each connection, in a task of its own.
 *
 * <p>When the handler returns, the connection is closed after its queued data is sent; when it
 * throws, the connection is aborted and the failure goes to the loop's exception handler. The
 * server keeps serving either way.
 *
 * @asyncio the {@code client_connected_cb} of {@code asyncio.start_server}
 */
@FunctionalInterface
public interface ConnectionHandler {

    /**
     * Serves one connection; may suspend.
     *
     * @throws Exception any failure: reported, and the connection is aborted
     */
    void handle(Connection connection) throws Exception;
}
