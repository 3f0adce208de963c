package io.jasyncio.queues;

/**
 * Thrown by putNowait() on a full queue; use put() to wait for room.
 *
 * @asyncio {@code asyncio.QueueFull}
 */
public final class QueueFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception whose message names the queue and what to do. */
    public QueueFullException(String message) {
        super(message);
    }
}
