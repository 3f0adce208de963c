package io.jasyncio.streams;

import io.jasyncio.CancelledError;
import io.jasyncio.internal.io.Endpoints;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens stream connections and starts stream servers: TCP, TLS and Unix domain sockets.
 *
 * <p><b>Example.</b>
 * <pre>{@code
 * Server server = Streams.startServer(c -> {
 *     for (byte[] line : c.reader().lines()) {
 *         c.writer().send(line);                      // echo, with backpressure
 *     }
 * }, "127.0.0.1", 8888);
 * try (Connection c = Streams.openConnection("127.0.0.1", 8888)) { ... }
 * }</pre>
 *
 * <p><b>Cancellation.</b> A connect cancelled while it resolves, connects or does the TLS
 * handshake closes every socket it opened before the cancellation is thrown.
 *
 * @asyncio {@code asyncio.open_connection}, {@code asyncio.start_server},
 *     {@code open_unix_connection}, {@code start_unix_server}
 */
public final class Streams {
    private Streams() {
    }

    /**
     * Connects to {@code host:port} with the default options.
     *
     * @see #openConnection(String, int, ConnectOptions)
     */
    public static Connection openConnection(String host, int port) throws IOException {
        return openConnection(host, port, ConnectOptions.defaults());
    }

    /**
     * Connects to {@code host:port}: resolves the host off the loop (IP literals are not
     * looked up), connects to its addresses in order (or raced, with
     * {@link ConnectOptions#withHappyEyeballs}), and does the TLS handshake when asked.
     *
     * @return the open connection; close it
     * @throws java.net.UnknownHostException if the host has no address
     * @throws java.net.ConnectException if no address accepted the connection
     * @throws javax.net.ssl.SSLException if the TLS handshake failed or timed out
     * @throws IllegalArgumentException if {@code port} is outside 0..65535
     * @throws IllegalStateException if not called from a task
     * @throws CancelledError if the task is cancelled; every socket opened is closed
     * @suspends while resolving, connecting and handshaking
     * @asyncio {@code asyncio.open_connection}
     */
    public static Connection openConnection(String host, int port, ConnectOptions options) throws IOException {
        return Endpoints.openConnection(host, port, options);
    }

    /**
     * Connects to the Unix domain socket at {@code path}.
     *
     * @throws java.net.ConnectException if nothing listens there
     * @throws CancelledError if the task is cancelled; the socket is closed
     * @suspends while connecting
     * @asyncio {@code asyncio.open_unix_connection}
     */
    public static Connection openUnixConnection(Path path, ConnectOptions options) throws IOException {
        return Endpoints.openUnixConnection(path, options);
    }

    /**
     * Starts a server on {@code host:port} with the default options.
     *
     * @see #startServer(ConnectionHandler, String, int, ServerOptions)
     */
    public static Server startServer(ConnectionHandler handler, String host, int port) throws IOException {
        return startServer(handler, host, port, ServerOptions.defaults());
    }

    /**
     * Starts a server listening on every address of {@code host} (every interface when null),
     * port {@code port} (0 picks a free one; see {@link Server#addresses()}). Each connection
     * gets a task running {@code handler}; see {@link ConnectionHandler} for how it ends.
     *
     * @throws java.net.BindException if the address is in use
     * @throws IllegalArgumentException if the options ask for TLS without a key
     * @throws IllegalStateException if not called from a task
     * @suspends while resolving {@code host}
     * @asyncio {@code asyncio.start_server}
     */
    public static Server startServer(ConnectionHandler handler, String host, int port, ServerOptions options)
            throws IOException {
        return Endpoints.startServer(handler, host, port, options);
    }

    /**
     * Starts a server on a Unix domain socket at {@code path}. A stale socket file there is
     * replaced; the file is removed when the server closes.
     *
     * @throws java.nio.file.FileAlreadyExistsException if {@code path} exists and is not a socket
     * @suspends never, but is a checkpoint
     * @asyncio {@code asyncio.start_unix_server}
     */
    public static Server startUnixServer(ConnectionHandler handler, Path path, ServerOptions options)
            throws IOException {
        return Endpoints.startUnixServer(handler, path, options);
    }
}
