package io.jasyncio.queues;

/**
 * Thrown by {@link ReceiveChannel#receive()} when every send end is closed and the buffer is
 * empty: the normal end of the stream (iteration over the receive end just stops).
 *
 * @asyncio none; Trio's {@code EndOfChannel}
 */
public final class EndOfChannelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception naming the channel. */
    public EndOfChannelException(String message) {
        super(message, null, false, false);
    }
}
