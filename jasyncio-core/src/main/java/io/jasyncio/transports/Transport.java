package io.jasyncio.transports;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLSession;

/**
 * The loop's side of one byte-stream connection (TCP, TLS or a Unix domain socket): it writes
 * what it is given without ever blocking, and feeds what arrives to its {@link Protocol}.
 *
 * <p><b>Threads.</b> Loop-confined: call it from a task or callback of the loop that made it.
 * Methods never suspend; the protocol's callbacks run on the loop.
 *
 * <p><b>Flow control.</b> Writes go straight to the socket while it accepts them; the rest waits
 * in a write buffer. When the buffer grows above the high-water mark (64 KiB by default) the
 * protocol's {@link Protocol#pauseWriting()} runs, and {@link Protocol#resumeWriting()} once it
 * drops to the low-water mark (16 KiB). In the other direction {@link #pauseReading()} stops
 * reading from the socket, so the peer's own send buffer fills and the peer slows down.
 *
 * <p><b>Closing.</b> {@link #close()} flushes the write buffer first; {@link #abort()} drops it.
 * Either way {@link Protocol#connectionLost(Throwable)} runs exactly once, later, in its own
 * callback. The transport is {@link AutoCloseable}; in debug mode a transport the program drops
 * without closing is reported when the loop closes.
 *
 * <p><b>Comparison.</b> asyncio's {@code Transport} ({@code WriteTransport} + {@code ReadTransport});
 * extra information ({@code get_extra_info}) is typed accessors here.
 *
 * @asyncio {@code asyncio.Transport}
 */
public interface Transport extends AutoCloseable {

    /**
     * Queues {@code data} for sending; the bytes are copied before this returns, so the array
     * may be reused at once.
     *
     * @throws IllegalStateException if {@link #close()} or {@link #writeEof()} was called
     * @asyncio {@code write}
     */
    default void write(byte[] data) {
        write(data, 0, data.length);
    }

    /**
     * Queues {@code len} bytes of {@code data} from {@code off}; copied before this returns.
     *
     * @throws IndexOutOfBoundsException if the range is outside the array
     * @throws IllegalStateException if {@link #close()} or {@link #writeEof()} was called
     */
    void write(byte[] data, int off, int len);

    /**
     * Queues the remaining bytes of {@code data} (its position moves to its limit).
     *
     * @throws IllegalStateException if {@link #close()} or {@link #writeEof()} was called
     */
    void write(ByteBuffer data);

    /**
     * Closes the sending side once the buffered data is sent (TCP half-close); reading goes on.
     *
     * @throws UnsupportedOperationException if {@link #canWriteEof()} is false (TLS)
     * @asyncio {@code write_eof}
     */
    void writeEof();

    /** Whether {@link #writeEof()} is supported: true for TCP and Unix sockets, false for TLS. */
    boolean canWriteEof();

    /** Bytes waiting in the write buffer. */
    int writeBufferSize();

    /**
     * Sets the write buffer's water marks.
     *
     * @throws IllegalArgumentException unless {@code 0 <= low <= high}
     * @asyncio {@code set_write_buffer_limits}
     */
    void setWriteBufferLimits(int high, int low);

    /**
     * The write buffer's high-water mark: above it the protocol is paused (64 KiB unless
     * {@link #setWriteBufferLimits} changed it).
     *
     * @asyncio {@code get_write_buffer_limits()[1]}
     */
    int writeBufferHighWater();

    /**
     * The write buffer's low-water mark: a paused protocol resumes once the buffer is down to it
     * (16 KiB unless {@link #setWriteBufferLimits} changed it).
     *
     * @asyncio {@code get_write_buffer_limits()[0]}
     */
    int writeBufferLowWater();

    /** Stops reading from the socket until {@link #resumeReading()}; idempotent. */
    void pauseReading();

    /** Starts reading again after {@link #pauseReading()}; idempotent. */
    void resumeReading();

    /** Whether the transport reads from the socket now. */
    boolean isReading();

    /** Whether {@link #close()} or {@link #abort()} was called or the connection was lost. */
    boolean isClosing();

    /**
     * Closes the connection after the buffered data is sent; idempotent, never suspends.
     * {@link Protocol#connectionLost(Throwable)} follows with {@code null}.
     */
    @Override
    void close();

    /** Closes the connection at once, dropping buffered data; idempotent. */
    void abort();

    /** The peer's address, or null once closed. @asyncio {@code get_extra_info("peername")} */
    SocketAddress peerAddress();

    /** The local address, or null once closed. @asyncio {@code get_extra_info("sockname")} */
    SocketAddress localAddress();

    /**
     * Reads a socket option of the underlying socket (the {@code get_extra_info("socket")} use).
     *
     * @throws IOException if the socket is closed or the option cannot be read
     * @throws UnsupportedOperationException if the socket does not support the option
     */
    <T> T option(SocketOption<T> name) throws IOException;

    /**
     * Sets a socket option of the underlying socket ({@code TCP_NODELAY}, buffer sizes).
     *
     * @throws IOException if the socket is closed or the option cannot be set
     * @throws UnsupportedOperationException if the socket does not support the option
     */
    <T> void setOption(SocketOption<T> name, T value) throws IOException;

    /** The TLS session once the handshake is done, or null on a plain connection. */
    SSLSession tlsSession();

    /** The ALPN protocol the TLS handshake agreed on, or null (plain, or none agreed). */
    String applicationProtocol();

    /** The protocol this transport feeds. */
    Protocol protocol();
}
