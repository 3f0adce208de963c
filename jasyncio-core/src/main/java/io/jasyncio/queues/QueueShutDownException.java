package io.jasyncio.queues;

/**
 * Thrown by put on a shut-down queue, or get on one that is shut down and empty (see AsyncQueue#shutdown).
 *
 * @asyncio {@code asyncio.QueueShutDown}
 */
public final class QueueShutDownException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception whose message names the queue and what to do. */
    public QueueShutDownException(String message) {
        super(message);
    }
}
