package io.jasyncio.streams;

import io.jasyncio.CancelledError;
import io.jasyncio.transports.Transport;
import java.io.IOException;

/**
 * The writing side of a byte stream connection.
 *
 * <p><b>Which write to use.</b> {@link #send(byte[])} is the one to reach for: it queues the
 * data and waits while the peer is behind, so memory stays bounded without further thought
 * (Trio's {@code send_all}). {@link #write(byte[])} queues without waiting, for a burst of small
 * pieces followed by one {@link #drain()}, the asyncio pattern. A loop of {@code write} without
 * {@code drain} against a slow peer grows the write buffer without bound.
 *
 * <p><b>Flow control.</b> The transport's write buffer has a high-water mark (64 KiB) and a
 * low-water mark (16 KiB) ({@link #writeBufferHighWater()}, {@link #writeBufferLowWater()};
 * {@code transport().setWriteBufferLimits} changes them). {@code drain} waits while the buffer
 * is above the high mark and returns once it is down to the low mark.
 *
 * <p>A subprocess's stdin is this type too ({@link io.jasyncio.subprocess.Subprocess#stdin()}):
 * there {@link #writeEof()} and {@link #close()} both close the pipe once the queued bytes are
 * written, and a broken pipe (the child exited) is the lost connection {@code drain} reports.
 *
 * <p><b>Threads.</b> Loop-confined: call from a task of the connection's loop.
 *
 * @asyncio {@code asyncio.StreamWriter}
 */
public interface StreamWriter {

    /**
     * Queues {@code data} (copied before this returns); never waits.
     *
     * @throws IllegalStateException if the writer was closed or {@link #writeEof()} was called
     * @asyncio {@code write(data)}
     */
    default void write(byte[] data) {
        write(data, 0, data.length);
    }

    /**
     * Queues {@code len} bytes of {@code data} from {@code off}; never waits.
     *
     * @throws IndexOutOfBoundsException if the range is outside the array
     * @throws IllegalStateException if the writer was closed or {@link #writeEof()} was called
     */
    void write(byte[] data, int off, int len);

    /**
     * Waits until the write buffer is down to the low-water mark, if it is above the high one.
     *
     * @throws IOException if the connection was lost (reset by the peer, or closed)
     * @throws CancelledError if the task is cancelled while it waits; the queued data stays
     *     queued and the connection open
     * @suspends while the buffer is above the high-water mark; a checkpoint otherwise
     * @asyncio {@code drain()}
     */
    void drain() throws IOException;

    /**
     * Sends {@code data}, waiting whenever the peer is behind: {@code write} plus {@code drain},
     * in chunks of the high-water mark so a large array never sits in the buffer whole.
     *
     * @throws IOException if the connection was lost
     * @throws CancelledError if the task is cancelled while it waits. If part of {@code data}
     *     was not queued yet, the connection is aborted (the peer would otherwise see a torn
     *     message); if all of it was queued, it is still sent and the connection stays open
     * @throws IllegalStateException if the writer was closed
     * @suspends while the write buffer is above the high-water mark; a checkpoint otherwise
     * @asyncio Trio's {@code SendStream.send_all}
     */
    void send(byte[] data) throws IOException;

    /**
     * The write buffer's high-water mark: {@code drain} waits while more than this is queued,
     * and {@code send} queues chunks of this size.
     *
     * @asyncio {@code transport.get_write_buffer_limits()[1]}
     */
    default int writeBufferHighWater() {
        return transport().writeBufferHighWater();
    }

    /**
     * The write buffer's low-water mark: a waiting {@code drain} returns once the buffer is down
     * to it.
     *
     * @asyncio {@code transport.get_write_buffer_limits()[0]}
     */
    default int writeBufferLowWater() {
        return transport().writeBufferLowWater();
    }

    /**
     * Closes the sending side after the queued data (TCP half-close); the peer reads end of
     * stream, and this side can still read.
     *
     * @throws UnsupportedOperationException on TLS connections
     * @asyncio {@code write_eof()}
     */
    void writeEof();

    /** Whether {@link #writeEof()} is supported (not on TLS). @asyncio {@code can_write_eof()} */
    boolean canWriteEof();

    /**
     * Closes the connection once the queued data is sent; never waits, idempotent. Use
     * {@link #waitClosed()} to wait for the end.
     *
     * @asyncio {@code close()}
     */
    void close();

    /**
     * Waits until the connection is closed.
     *
     * @throws CancelledError if the task is cancelled while it waits; the closing goes on
     * @suspends until the transport reports the connection lost; a checkpoint if it already is
     * @asyncio {@code wait_closed()}
     */
    void waitClosed();

    /** Whether the connection is closing or closed. @asyncio {@code is_closing()} */
    boolean isClosing();

    /**
     * The transport underneath, for addresses, socket options and the TLS session (a pipe
     * transport for a subprocess's stdin: no addresses, options or TLS).
     */
    Transport transport();
}
