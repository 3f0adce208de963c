package io.jasyncio.streams;

import io.jasyncio.CancelledError;
import java.io.IOException;
import java.util.List;

/**
 * The reading side of a byte stream connection: suspending reads over a bounded buffer that the
 * transport fills.
 *
 * <p><b>Flow control.</b> The buffer holds what arrived and was not read yet. Above twice the
 * {@linkplain #limit() limit} the transport stops reading from the socket, so a peer that sends
 * faster than the program reads is slowed down by TCP itself; reading resumes when the buffer
 * drops to the limit, or when a read needs more bytes than are buffered.
 *
 * <p>A subprocess's stdout and stderr are this type too
 * ({@link io.jasyncio.subprocess.Subprocess#stdout()}): there the transport is a pipe, and
 * pausing it stops draining the pipe, so the child blocks in its write.
 *
 * <p><b>One reader at a time.</b> Two tasks waiting on one stream would race for the bytes;
 * the second one gets an {@link IllegalStateException} naming the first.
 *
 * <p><b>Cancellation.</b> Every read is cancel-safe: a read cancelled while it waits consumes
 * nothing, and the stream stays usable (the data arriving meanwhile stays buffered).
 *
 * <p><b>Errors.</b> Data that arrived before an error is returned first; the error (for
 * example "Connection reset") is thrown by the read that finds the buffer empty.
 *
 * <p><b>Limit.</b> No read makes the reader hold more than its {@linkplain #limit() limit} for
 * one record: {@link #readUntil}, {@link #readLine} and {@link #readExactly} throw
 * {@link LimitOverrunException} instead.
 *
 * <p><b>Without a socket.</b> {@link MemoryStream} is a reader fed by hand (asyncio's
 * {@code feed_data}), for testing parsers on a virtual clock.
 *
 * <p><b>Threads.</b> Loop-confined: call from a task of the connection's loop.
 *
 * @asyncio {@code asyncio.StreamReader}
 */
public interface StreamReader {

    /**
     * Reads up to {@code n} bytes, waiting while nothing is buffered.
     *
     * @return 1 to {@code n} bytes, or an empty array at end of stream; an empty array at once
     *     when {@code n} is 0, without waiting for data
     * @throws IllegalArgumentException if {@code n} is negative
     * @throws IOException if the connection failed and nothing is buffered, or a read timeout
     *     of the connection's options passed ({@link java.net.SocketTimeoutException})
     * @throws CancelledError if the task is cancelled while it waits
     * @throws IllegalStateException if another task is reading this stream
     * @suspends while the buffer is empty, the stream is not at its end and {@code n > 0}; a
     *     checkpoint otherwise
     * @cancellation nothing is consumed
     * @asyncio {@code read(n)}
     */
    byte[] read(int n) throws IOException;

    /**
     * Reads everything until the end of stream. Unbounded: use it only when the peer is trusted
     * to send a bounded amount.
     *
     * @return every remaining byte (empty at end of stream)
     * @throws IOException if the connection failed
     * @throws CancelledError if the task is cancelled while it waits; the bytes read so far stay
     *     buffered
     * @suspends until end of stream
     * @asyncio {@code read()} / {@code read(-1)}
     */
    byte[] read() throws IOException;

    /**
     * Reads exactly {@code n} bytes. {@code n} may be at most the {@linkplain #limit() limit}: a
     * length the peer chose (a length prefix) must not decide how much memory the reader takes.
     * Read larger messages in pieces with {@link #read(int)}, or raise the limit.
     *
     * @throws LimitOverrunException if {@code n} is above {@link #limit()}; nothing is read, and
     *     the check comes before any waiting
     * @throws IncompleteReadException if the stream ends first; it carries the bytes that came
     * @throws IllegalArgumentException if {@code n} is negative
     * @throws IOException if the connection failed
     * @throws CancelledError if the task is cancelled while it waits; nothing is consumed
     * @suspends until {@code n} bytes are buffered or the stream ends
     * @asyncio {@code readexactly(n)}, which has no bound
     */
    byte[] readExactly(int n) throws IOException;

    /**
     * Reads up to and including the next {@code separator}. At most {@link #limit()} bytes may
     * come before the separator (the separator itself is not counted).
     *
     * @return the bytes, ending with {@code separator}
     * @throws LimitOverrunException if more than {@link #limit()} bytes come before the
     *     separator; the data stays buffered ({@code read(e.consumed())} skips it)
     * @throws IncompleteReadException if the stream ends first; it carries the remaining bytes,
     *     which are consumed
     * @throws IllegalArgumentException if {@code separator} is empty
     * @throws IOException if the connection failed
     * @throws CancelledError if the task is cancelled while it waits; nothing is consumed
     * @suspends until the separator or the end of stream arrives
     * @asyncio {@code readuntil(separator)}
     */
    byte[] readUntil(byte[] separator) throws IOException;

    /**
     * Reads up to and including the first of several separators: the result is the shortest
     * one that ends with any of them. Separators that match ending at the same byte (say
     * {@code "\r\n"} and {@code "\n"} on {@code "a\r\n"}) give the same bytes, so which of them
     * "won" never matters. The limit applies as in {@link #readUntil(byte[])}.
     *
     * @param separators the separators, in any order
     * @return the bytes, ending with one of the separators
     * @throws LimitOverrunException if more than {@link #limit()} bytes come before the first
     *     separator; the data stays buffered ({@code read(e.consumed())} skips it)
     * @throws IncompleteReadException if the stream ends first; it carries the remaining bytes,
     *     which are consumed
     * @throws IllegalArgumentException if the list or one of the separators is empty
     * @throws IOException if the connection failed
     * @throws CancelledError if the task is cancelled while it waits; nothing is consumed
     * @suspends until a separator or the end of stream arrives
     * @asyncio {@code readuntil((sep1, sep2, ...))} (3.13)
     */
    byte[] readUntil(List<byte[]> separators) throws IOException;

    /**
     * Reads one line, up to and including {@code '\n'}; at end of stream, whatever is left.
     *
     * @return the line with its {@code '\n'}; the unterminated rest at end of stream; an empty
     *     array once the stream is at its end
     * @throws LimitOverrunException if more than {@link #limit()} bytes come before the
     *     {@code '\n'}. The line is discarded (everything buffered when no {@code '\n'} is in
     *     sight yet), so the next {@code readLine} reads on; the rest of an unterminated line
     *     that arrives later then reads as a line of its own
     * @throws IOException if the connection failed
     * @throws CancelledError if the task is cancelled while it waits; nothing is consumed
     * @suspends until a line or the end of stream arrives
     * @asyncio {@code readline()}
     */
    byte[] readLine() throws IOException;

    /**
     * The lines of the stream, each as {@link #readLine()} returns it, until end of stream.
     * The iterator's {@code hasNext()} suspends while it waits for the next line; an
     * {@link IOException} comes out of it wrapped in {@link java.io.UncheckedIOException}.
     *
     * @asyncio {@code async for line in reader}
     */
    Iterable<byte[]> lines();

    /** Whether the stream ended and everything was read. @asyncio {@code at_eof()} */
    boolean atEof();

    /**
     * The most one read may need buffered (64 KiB by default): the bytes before the separator of
     * {@link #readUntil} and {@link #readLine}, and the {@code n} of {@link #readExactly}. Above
     * twice this many buffered bytes the transport stops reading.
     *
     * @asyncio the {@code limit} argument of {@code open_connection} and {@code start_server}
     */
    int limit();
}
