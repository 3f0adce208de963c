package io.jasyncio.streams;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * TLS settings for a connection or a server. Immutable; each {@code with} method returns a copy.
 *
 * <p><b>Defaults.</b> TLS 1.2 and 1.3 only; on the client side the peer's certificate is
 * checked against the trust store of the context and its host name against the name connected
 * to (the HTTPS rules), and that name is sent as SNI; a 10 s handshake timeout (Netty's;
 * asyncio's 60 s lets a client that never finishes its handshake hold a server connection six
 * times as long) and a 30 s shutdown timeout (asyncio's). Turning hostname verification off is
 * possible for tests and is named for what it is.
 *
 * <pre>{@code
 * var c = Streams.openConnection("example.com", 443, ConnectOptions.defaults().withTls(TlsOptions.client()));
 * var s = Streams.startServer(h, "0.0.0.0", 8443, ServerOptions.defaults().withTls(TlsOptions.server(ctx)));
 * }</pre>
 *
 * @param context the SSL context, or null for the JDK's default context (client side only)
 * @param serverName the host name to verify and send as SNI, or null for the host connected to
 * @param verifyHostname whether the client checks the certificate's host name
 * @param alpn the ALPN protocols to offer (client) or accept (server), in preference order
 * @param handshakeTimeout how long the handshake may take before the connection is aborted
 * @param shutdownTimeout how long closing may take to send its close_notify before aborting
 */
public record TlsOptions(SSLContext context, String serverName, boolean verifyHostname, List<String> alpn,
                         Duration handshakeTimeout, Duration shutdownTimeout) {

    /** The default handshake timeout: 10 s. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    /** Validates and copies the components. */
    public TlsOptions {
        alpn = List.copyOf(alpn);
        positive(handshakeTimeout, "handshakeTimeout");
        positive(shutdownTimeout, "shutdownTimeout");
    }

    private static void positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
    }

    /** Client settings on the JDK's default context and trust store. */
    public static TlsOptions client() {
        return client(null);
    }

    /** Client settings on {@code context} (its trust managers decide which servers are trusted). */
    public static TlsOptions client(SSLContext context) {
        return new TlsOptions(context, null, true, List.of(), DEFAULT_HANDSHAKE_TIMEOUT, Duration.ofSeconds(30));
    }

    /**
     * Server settings on {@code context}, whose key managers hold the server's certificate.
     *
     * @throws NullPointerException if {@code context} is null
     */
    public static TlsOptions server(SSLContext context) {
        return client(Objects.requireNonNull(context, "a TLS server needs an SSLContext with its key"));
    }

    /** A copy that verifies and sends {@code name} instead of the host connected to. */
    public TlsOptions withServerName(String name) {
        return new TlsOptions(context, name, verifyHostname, alpn, handshakeTimeout, shutdownTimeout);
    }

    /** A copy that does not check the certificate's host name (the chain is still checked). */
    public TlsOptions withoutHostnameVerification() {
        return new TlsOptions(context, serverName, false, alpn, handshakeTimeout, shutdownTimeout);
    }

    /** A copy offering these ALPN protocols, most preferred first. */
    public TlsOptions withAlpn(String... protocols) {
        return new TlsOptions(context, serverName, verifyHostname, List.of(protocols), handshakeTimeout,
                shutdownTimeout);
    }

    /** A copy with another handshake timeout. */
    public TlsOptions withHandshakeTimeout(Duration d) {
        return new TlsOptions(context, serverName, verifyHostname, alpn, d, shutdownTimeout);
    }

    /** A copy with another shutdown timeout. */
    public TlsOptions withShutdownTimeout(Duration d) {
        return new TlsOptions(context, serverName, verifyHostname, alpn, handshakeTimeout, d);
    }
}
