package io.jasyncio.streams;

import io.jasyncio.CancelledError;
import io.jasyncio.transports.Transport;
import java.io.IOException;

/**
 * One byte stream connection: its {@link StreamReader}, its {@link StreamWriter}, and the
 * means to close it. What {@link Streams#openConnection} returns and what a server's
 * {@link ConnectionHandler} receives.
 *
 * <p><b>Closing.</b> {@link #close()} is the writer's close: the queued data is sent, then the
 * socket is closed. Use try-with-resources:
 * <pre>{@code
 * try (Connection c = Streams.openConnection("example.com", 80)) {
 *     c.writer().send("GET / HTTP/1.0\r\n\r\n".getBytes(US_ASCII));
 *     byte[] status = c.reader().readLine();
 * }
 * }</pre>
 *
 * <p><b>Comparison.</b> asyncio returns a {@code (reader, writer)} pair; a Java method returns
 * one value, and one object is also the one thing to close.
 *
 * <p><b>Threads.</b> Loop-confined.
 */
public interface Connection extends AutoCloseable {

    /** The reading side. */
    StreamReader reader();

    /** The writing side. */
    StreamWriter writer();

    /** The transport underneath (the TLS layer after {@link #startTls}). */
    Transport transport();

    /**
     * Upgrades this connection to TLS (STARTTLS): the TLS handshake runs over the open
     * connection, and reads and writes go through TLS afterwards. Nothing may be buffered
     * unread when this is called.
     *
     * @param tls the client or server settings; the side is the one this connection was opened
     *     on (a server connection does the server side)
     * @param serverName the host name to verify and send as SNI on the client side, or null to
     *     use {@code tls.serverName()}
     * @throws javax.net.ssl.SSLException if the handshake fails or times out; the connection is
     *     then aborted
     * @throws IllegalStateException if the connection already uses TLS or has unread data
     * @throws CancelledError if the task is cancelled while the handshake runs; the connection
     *     is then aborted
     * @suspends until the handshake is done
     * @asyncio {@code StreamWriter.start_tls}, {@code loop.start_tls}
     */
    void startTls(TlsOptions tls, String serverName) throws IOException;

    /**
     * Closes the connection once the queued data is sent; never waits, idempotent.
     */
    @Override
    void close();

    /**
     * Closes the connection at once, dropping queued data; idempotent.
     */
    void abort();
}
