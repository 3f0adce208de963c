package io.jasyncio.streams;

import java.time.Duration;
import java.util.Objects;

/**
 * How to run a server. Immutable; each {@code with} method returns a copy.
 *
 * <p><b>Safe by default.</b> {@link #defaults()} bounds what a client can hold without doing
 * its part: a request head must arrive within 30 s of the accept (the header deadline), a read
 * waits at most 60 s for the next byte (the idle timeout), and a write stalls at most 60 s on a
 * peer that does not read (the write timeout); the listen queue takes bursts of thousands of
 * connects, and dead peers are found by {@code SO_KEEPALIVE}. Each is overridable; a
 * {@code null} duration turns its protection off. docs/io.md gives every default's reason.
 *
 * <p><b>Which server uses what.</b> Stream servers ({@code Streams.startServer}) use every
 * option. Protocol servers ({@code Transports.createServer}) use all but {@code limit},
 * {@code idleTimeout} and {@code headerTimeout}, which are about a stream handler's reads.
 *
 * @param tls TLS settings (built with {@link TlsOptions#server}), or null for plain connections
 * @param backlog the listen queue length asked of the kernel (which caps it: on Linux at
 *     {@code net.core.somaxconn}, 4096 by default since kernel 5.4)
 * @param reuseAddress {@code SO_REUSEADDR} on the listening sockets (true by default, so a
 *     restarted server can bind while old connections linger in TIME_WAIT)
 * @param reusePort {@code SO_REUSEPORT}: several sockets (several loops) share one port
 * @param limit each connection reader's buffer limit
 * @param idleTimeout when not null, a read that waits this long with no byte arriving throws
 *     {@link java.net.SocketTimeoutException} (the clock restarts with every byte, like
 *     nginx's {@code client_body_timeout}); the connection stays open for the handler to answer
 * @param headerTimeout when not null, the header deadline: a connection whose handler has
 *     neither read anything nor written anything this long after the accept is aborted, and
 *     a read waiting then throws {@link java.net.SocketException} caused by a
 *     {@link java.net.SocketTimeoutException}. Bytes trickling in do not move the deadline,
 *     so a handler that reads its request head with one call ({@code readUntil("\r\n\r\n")})
 *     gets the whole head bounded (slowloris)
 * @param writeTimeout when not null, a connection whose queued output makes no progress for this
 *     long (the peer stopped reading) is aborted, and a {@code drain}/{@code send} waiting then
 *     throws {@link java.net.SocketException} caused by a {@link java.net.SocketTimeoutException}
 * @param keepAlive {@code SO_KEEPALIVE} on accepted connections: the kernel probes a silent peer
 *     (after its idle time, two hours by default on Linux) and ends the connection of one that
 *     is gone
 * @param maxConnections the most connections open at once; at the limit the server stops
 *     accepting, and further clients wait in the listen queue (they are not refused or closed)
 *     until a connection ends; {@link Integer#MAX_VALUE} for no limit
 * @param startServing whether the server accepts from the start; when false it is bound and
 *     listening (the kernel queues connects) but accepts only after {@link Server#startServing()}
 */
public record ServerOptions(TlsOptions tls, int backlog, boolean reuseAddress, boolean reusePort, int limit,
                            Duration idleTimeout, Duration headerTimeout, Duration writeTimeout, boolean keepAlive,
                            int maxConnections, boolean startServing) {

    /** The default listen queue asked for; the kernel caps it (see {@link #backlog()}). */
    public static final int DEFAULT_BACKLOG = 65_535;
    /** The default header deadline: 30 s. */
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(30);
    /** The default idle timeout of a read: 60 s. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** The default write timeout: 60 s. */
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if {@code backlog}, {@code limit} or
     *     {@code maxConnections} is not positive, or a timeout is zero or negative
     */
    public ServerOptions {
        if (backlog <= 0) {
            throw new IllegalArgumentException("backlog must be positive, got " + backlog);
        }
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        if (maxConnections <= 0) {
            throw new IllegalArgumentException("maxConnections must be positive (Integer.MAX_VALUE for no limit), got "
                    + maxConnections);
        }
        positiveOrNull(idleTimeout, "idleTimeout");
        positiveOrNull(headerTimeout, "headerTimeout");
        positiveOrNull(writeTimeout, "writeTimeout");
    }

    private static void positiveOrNull(Duration d, String what) {
        if (d != null && (d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException(what + " must be positive (null turns it off), got " + d);
        }
    }

    /**
     * Plain; backlog {@value #DEFAULT_BACKLOG} (capped by the kernel); {@code SO_REUSEADDR};
     * 64 KiB reader limit; header deadline 30 s, idle timeout 60 s, write timeout 60 s;
     * {@code SO_KEEPALIVE}; no connection limit; serving at once.
     */
    public static ServerOptions defaults() {
        return new ServerOptions(null, DEFAULT_BACKLOG, true, false, ConnectOptions.DEFAULT_LIMIT,
                DEFAULT_IDLE_TIMEOUT, DEFAULT_HEADER_TIMEOUT, DEFAULT_WRITE_TIMEOUT, true, Integer.MAX_VALUE, true);
    }

    /** A copy serving TLS. */
    public ServerOptions withTls(TlsOptions t) {
        return new ServerOptions(Objects.requireNonNull(t, "tls"), backlog, reuseAddress, reusePort, limit,
                idleTimeout, headerTimeout, writeTimeout, keepAlive, maxConnections, startServing);
    }

    /** A copy with another backlog. */
    public ServerOptions withBacklog(int n) {
        return new ServerOptions(tls, n, reuseAddress, reusePort, limit, idleTimeout, headerTimeout, writeTimeout,
                keepAlive, maxConnections, startServing);
    }

    /** A copy with {@code SO_REUSEADDR} on or off. */
    public ServerOptions withReuseAddress(boolean on) {
        return new ServerOptions(tls, backlog, on, reusePort, limit, idleTimeout, headerTimeout, writeTimeout,
                keepAlive, maxConnections, startServing);
    }

    /** A copy with {@code SO_REUSEPORT} on or off. */
    public ServerOptions withReusePort(boolean on) {
        return new ServerOptions(tls, backlog, reuseAddress, on, limit, idleTimeout, headerTimeout, writeTimeout,
                keepAlive, maxConnections, startServing);
    }

    /** A copy with another reader limit. */
    public ServerOptions withLimit(int bytes) {
        return new ServerOptions(tls, backlog, reuseAddress, reusePort, bytes, idleTimeout, headerTimeout,
                writeTimeout, keepAlive, maxConnections, startServing);
    }

    /** A copy whose reads give up after {@code timeout} without a byte; null: never. */
    public ServerOptions withIdleTimeout(Duration timeout) {
        return new ServerOptions(tls, backlog, reuseAddress, reusePort, limit, timeout, headerTimeout, writeTimeout,
                keepAlive, maxConnections, startServing);
    }

    /** A copy with another header deadline; null: none. */
    public ServerOptions withHeaderTimeout(Duration timeout) {
        return new ServerOptions(tls, backlog, reuseAddress, reusePort, limit, idleTimeout, timeout, writeTimeout,
                keepAlive, maxConnections, startServing);
    }

    /** A copy with another write timeout; null: a peer that never reads holds its connection forever. */
    public ServerOptions withWriteTimeout(Duration timeout) {
        return new ServerOptions(tls, backlog, reuseAddress, reusePort, limit, idleTimeout, headerTimeout, timeout,
                keepAlive, maxConnections, startServing);
    }

    /** A copy with {@code SO_KEEPALIVE} on or off for accepted connections. */
    public ServerOptions withKeepAlive(boolean on) {
        return new ServerOptions(tls, backlog, reuseAddress, reusePort, limit, idleTimeout, headerTimeout,
                writeTimeout, on, maxConnections, startServing);
    }

    /** A copy that keeps at most {@code n} connections open; more wait in the listen queue. */
    public ServerOptions withMaxConnections(int n) {
        return new ServerOptions(tls, backlog, reuseAddress, reusePort, limit, idleTimeout, headerTimeout,
                writeTimeout, keepAlive, n, startServing);
    }

    /**
     * A copy that binds without accepting until {@link Server#startServing()} when {@code on}
     * is false ({@code start_serving=False}).
     */
    public ServerOptions withStartServing(boolean on) {
        return new ServerOptions(tls, backlog, reuseAddress, reusePort, limit, idleTimeout, headerTimeout,
                writeTimeout, keepAlive, maxConnections, on);
    }
}
