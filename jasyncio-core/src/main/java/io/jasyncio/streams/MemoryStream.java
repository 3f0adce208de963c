package io.jasyncio.streams;

import io.jasyncio.internal.io.RealMemoryStream;
import java.io.IOException;

/**
 * A byte stream in memory: a {@link StreamReader} fed by the test (or by this stream's own
 * {@link StreamWriter}), with no socket, so protocol parsers and encoders run on a loop with a
 * virtual clock.
 *
 * <p><b>Two ways in.</b> {@link #feed}, {@link #feedEof} and {@link #setException} put bytes, the
 * end of stream or a failure straight into the reader, at once and regardless of flow control
 * (asyncio's {@code feed_data}, {@code feed_eof}, {@code set_exception}). The
 * {@linkplain #writer() writer} is a pipe into the same reader with the flow control of a
 * socket: above twice the reader's limit the writes queue in the writer, whose {@code drain}
 * then waits (64 KiB high-water mark) until the reader catches up. {@code writer().close()} (or
 * {@link #close()}) is the end of stream after the queued bytes.
 *
 * <p><b>A connection in memory.</b> {@link #connectionPair()} gives two {@link Connection}s
 * wired to each other, to drive a server's {@link ConnectionHandler} from a test without a
 * socket.
 *
 * <p><b>Example.</b>
 * <pre>{@code
 * MemoryStream s = MemoryStream.open();
 * s.feed("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
 * s.feedEof();
 * Request r = parser.parse(s.reader());
 * }</pre>
 *
 * <p><b>Threads.</b> Loop-confined: created in a task (or callback) of a running loop, and used
 * from that loop's tasks. Memory streams hold no operating-system resource; closing them is
 * only needed for the end of stream it gives the reader.
 *
 * @asyncio {@code asyncio.StreamReader()} used on its own, with {@code feed_data},
 *     {@code feed_eof}, {@code set_exception}
 */
public interface MemoryStream extends AutoCloseable {

    /**
     * A memory stream of the running loop whose reader has the default limit (64 KiB).
     *
     * @throws IllegalStateException if no loop runs on the calling thread
     */
    static MemoryStream open() {
        return open(ConnectOptions.DEFAULT_LIMIT);
    }

    /**
     * A memory stream of the running loop whose reader has the given limit (see
     * {@link StreamReader#limit()}).
     *
     * @throws IllegalArgumentException if {@code limit} is not positive
     * @throws IllegalStateException if no loop runs on the calling thread
     */
    static MemoryStream open(int limit) {
        return RealMemoryStream.open(limit);
    }

    /**
     * Two connections of the running loop wired to each other in memory: what one writes, the
     * other reads, with a socket's flow control both ways (readers with the default limit).
     * Closing one gives the other the end of stream; aborting one makes the other's reads and
     * drains fail with "Connection reset by peer". Addresses are null, socket options and TLS
     * unsupported.
     *
     * @throws IllegalStateException if no loop runs on the calling thread
     */
    static ConnectionPair connectionPair() {
        return RealMemoryStream.connectionPair(ConnectOptions.DEFAULT_LIMIT);
    }

    /**
     * The two ends of {@link #connectionPair()}; which is which only names them.
     *
     * @param client the end a test plays the client with
     * @param server the end to hand to the code under test (a {@link ConnectionHandler})
     */
    record ConnectionPair(Connection client, Connection server) {
    }

    /** The reading end. */
    StreamReader reader();

    /** A writer whose bytes go to {@link #reader()}, with a socket's flow control. */
    StreamWriter writer();

    /**
     * Adds {@code data} to the reader's buffer at once (copied), waking a waiting read.
     *
     * @throws IllegalStateException if the end of stream or an error was fed already, or the
     *     writer was closed
     * @throws WrongThreadException if not called on the stream's loop
     * @asyncio {@code feed_data(data)}
     */
    void feed(byte[] data);

    /**
     * Ends the stream: once the buffered bytes are read, reads return end of stream. Idempotent.
     *
     * @throws WrongThreadException if not called on the stream's loop
     * @asyncio {@code feed_eof()}
     */
    void feedEof();

    /**
     * Fails the stream: once the buffered bytes are read, reads throw an {@link IOException}
     * caused by {@code error} (a {@link java.net.SocketException} stays one), as after a
     * connection reset. The first error sticks.
     *
     * @throws WrongThreadException if not called on the stream's loop
     * @asyncio {@code set_exception(exc)}
     */
    void setException(IOException error);

    /** Closes the writer: the reader gets the end of stream after the queued bytes; idempotent. */
    @Override
    void close();
}
