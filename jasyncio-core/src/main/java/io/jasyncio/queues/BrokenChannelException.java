package io.jasyncio.queues;

/**
 * Thrown by {@link SendChannel#send} when every receive end is closed: nobody will ever read
 * the item.
 *
 * @asyncio none; Trio's {@code BrokenResourceError}
 */
public final class BrokenChannelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception naming the channel. */
    public BrokenChannelException(String message) {
        super(message);
    }
}
