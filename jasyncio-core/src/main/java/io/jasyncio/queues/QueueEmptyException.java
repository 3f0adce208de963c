package io.jasyncio.queues;

/**
 * Thrown by getNowait() on an empty queue; use get() to wait for an item.
 *
 * @asyncio {@code asyncio.QueueEmpty}
 */
public final class QueueEmptyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception whose message names the queue and what to do. */
    public QueueEmptyException(String message) {
        super(message);
    }
}
