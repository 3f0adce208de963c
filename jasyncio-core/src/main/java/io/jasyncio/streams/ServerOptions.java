package io.jasyncio.streams;

import java.time.Duration;
import java.util.Objects;

/**
 * How to run a server. Immutable; each {@code with} method returns a copy.
 *
 * @param tls TLS settings (built with {@link TlsOptions#server}), or null for plain connections
 * @param backlog the listen queue length
 * @param reuseAddress {@code SO_REUSEADDR} on the listening sockets (true by default, so a
 *     restarted server can bind while old connections linger in TIME_WAIT)
 * @param reusePort {@code SO_REUSEPORT}: several sockets (several loops) share one port
 * @param limit each connection reader's buffer limit
 * @param readTimeout when not null, a read that waits longer than this throws
 *     {@link java.net.SocketTimeoutException}: the defence against a client that opens a
 *     connection and sends nothing, or one byte at a time (slowloris)
 */
public record ServerOptions(TlsOptions tls, int backlog, boolean reuseAddress, boolean reusePort, int limit,
                            Duration readTimeout) {

    /** Validates the components. */
    public ServerOptions {
        if (backlog <= 0) {
            throw new IllegalArgumentException("backlog must be positive, got " + backlog);
        }
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        if (readTimeout != null && (readTimeout.isNegative() || readTimeout.isZero())) {
            throw new IllegalArgumentException("readTimeout must be positive, got " + readTimeout);
        }
    }

    /** Plain, backlog 100, SO_REUSEADDR, 64 KiB limit, no read timeout. */
    public static ServerOptions defaults() {
        return new ServerOptions(null, 100, true, false, ConnectOptions.DEFAULT_LIMIT, null);
    }

    /** A copy serving TLS. */
    public ServerOptions withTls(TlsOptions t) {
        return new ServerOptions(Objects.requireNonNull(t, "tls"), backlog, reuseAddress, reusePort, limit,
                readTimeout);
    }

    /** A copy with another backlog. */
    public ServerOptions withBacklog(int n) {
        return new ServerOptions(tls, n, reuseAddress, reusePort, limit, readTimeout);
    }

    /** A copy with {@code SO_REUSEADDR} on or off. */
    public ServerOptions withReuseAddress(boolean on) {
        return new ServerOptions(tls, backlog, on, reusePort, limit, readTimeout);
    }

    /** A copy with {@code SO_REUSEPORT} on or off. */
    public ServerOptions withReusePort(boolean on) {
        return new ServerOptions(tls, backlog, reuseAddress, on, limit, readTimeout);
    }

    /** A copy with another reader limit. */
    public ServerOptions withLimit(int bytes) {
        return new ServerOptions(tls, backlog, reuseAddress, reusePort, bytes, readTimeout);
    }

    /** A copy whose connections' reads give up after {@code timeout} of waiting. */
    public ServerOptions withReadTimeout(Duration timeout) {
        return new ServerOptions(tls, backlog, reuseAddress, reusePort, limit, timeout);
    }
}
