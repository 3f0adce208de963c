package io.jasyncio.transports;

import io.jasyncio.internal.io.Endpoints;
import io.jasyncio.streams.ConnectOptions;
import io.jasyncio.streams.Server;
import io.jasyncio.streams.ServerOptions;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * The low-level entry points: connections and servers that drive a {@link Protocol} directly,
 * with no task per connection. For callback-style code and the last bit of speed; most
 * programs want {@link io.jasyncio.streams.Streams}.
 *
 * @asyncio {@code loop.create_connection}, {@code loop.create_server}
 */
public final class Transports {
    private Transports() {
    }

    /**
     * Connects to {@code host:port} and attaches a protocol from {@code factory}.
     *
     * With TLS options the returned transport is the TLS layer, and the protocol's
     * {@code connectionMade} runs once the handshake is done.
     *
     * @throws java.net.ConnectException if no address accepted the connection
     * @throws javax.net.ssl.SSLException if the TLS handshake failed or timed out
     * @throws IllegalStateException if not called from a task
     * @suspends while resolving, connecting and handshaking
     * @asyncio {@code loop.create_connection}
     */
    public static Transport createConnection(Supplier<? extends Protocol> factory, String host, int port,
                                             ConnectOptions options) throws IOException {
        return Endpoints.createConnection(factory, host, port, options);
    }

    /**
     * Starts a server whose every connection gets a new protocol from {@code factory}. With TLS
     * options its {@code connectionMade} runs once the handshake is done; a connection whose
     * handshake fails is aborted without reaching the protocol. The options' backlog, connection
     * limit, write timeout, {@code SO_KEEPALIVE} and start-serving flag apply; the reader limit,
     * idle timeout and header deadline are about a stream handler's reads and do not.
     *
     * @throws IllegalArgumentException if the options ask for TLS without a key
     * @throws IllegalStateException if not called from a task
     * @suspends while resolving {@code host}
     * @asyncio {@code loop.create_server}
     */
    public static Server createServer(Supplier<? extends Protocol> factory, String host, int port,
                                      ServerOptions options) throws IOException {
        return Endpoints.createServer(factory, host, port, options);
    }
}
