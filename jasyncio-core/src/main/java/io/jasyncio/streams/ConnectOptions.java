package io.jasyncio.streams;

import java.time.Duration;
import java.util.Objects;

/**
 * How to open a connection. Immutable; each {@code with} method returns a copy.
 *
 * @param tls TLS settings, or null for a plain connection
 * @param limit the reader's buffer limit (see {@link StreamReader#limit()})
 * @param happyEyeballsDelay when not null, the host's addresses are tried in parallel, each new
 *     attempt starting after this delay or when the previous one fails (RFC 8305, 250 ms is its
 *     recommendation); when null they are tried one after the other
 * @param readTimeout when not null, a read that waits longer than this throws
 *     {@link java.net.SocketTimeoutException}
 */
public record ConnectOptions(TlsOptions tls, int limit, Duration happyEyeballsDelay, Duration readTimeout) {

    /** The default reader limit: 64 KiB. */
    public static final int DEFAULT_LIMIT = 64 * 1024;

    /** Validates the components. */
    public ConnectOptions {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        if (happyEyeballsDelay != null && happyEyeballsDelay.isNegative()) {
            throw new IllegalArgumentException("happyEyeballsDelay must not be negative, got " + happyEyeballsDelay);
        }
        if (readTimeout != null && (readTimeout.isNegative() || readTimeout.isZero())) {
            throw new IllegalArgumentException("readTimeout must be positive, got " + readTimeout);
        }
    }

    /** Plain, 64 KiB limit, addresses one after the other, no read timeout. */
    public static ConnectOptions defaults() {
        return new ConnectOptions(null, DEFAULT_LIMIT, null, null);
    }

    /** A copy using TLS. */
    public ConnectOptions withTls(TlsOptions t) {
        return new ConnectOptions(Objects.requireNonNull(t, "tls"), limit, happyEyeballsDelay, readTimeout);
    }

    /** A copy with another reader limit. */
    public ConnectOptions withLimit(int bytes) {
        return new ConnectOptions(tls, bytes, happyEyeballsDelay, readTimeout);
    }

    /** A copy that races the host's addresses (RFC 8305), starting one every {@code delay}. */
    public ConnectOptions withHappyEyeballs(Duration delay) {
        return new ConnectOptions(tls, limit, Objects.requireNonNull(delay, "delay"), readTimeout);
    }

    /** A copy whose reads give up after {@code timeout} of waiting. */
    public ConnectOptions withReadTimeout(Duration timeout) {
        return new ConnectOptions(tls, limit, happyEyeballsDelay, timeout);
    }
}
