package io.jasyncio.queues;

import io.jasyncio.CancelledError;

/**
 * The receiving end of a {@link MemoryChannel}. Iterating over it receives until the end of
 * the stream:
 * <pre>{@code
 * try (rx) {
 *     for (Order o : rx) handle(o);   // each step may suspend
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> Loop-confined, like the channel; iterate from a task.
 *
 * @param <T> the item type
 * @asyncio none; Trio's {@code MemoryReceiveChannel}
 */
public sealed interface ReceiveChannel<T> extends AutoCloseable, Iterable<T> permits MemoryChannel.Receiver {

    /**
     * Receives the next item, waiting while none is available.
     *
     * @throws EndOfChannelException if every send end is closed and nothing is buffered
     * @throws IllegalStateException if this end is closed, or not called from a task
     * @throws CancelledError if the calling task is cancelled while it waits; no item is taken
     * @suspends while nothing is available; a checkpoint otherwise
     * @cancellation no item is taken, unless a sender already handed it over: then
     *     {@code receive} returns it and the cancellation comes at the next checkpoint
     */
    T receive();

    /**
     * Receives an item if one is available without waiting.
     *
     * @return the item, or {@code null} when none is available now
     * @throws EndOfChannelException if every send end is closed and nothing is buffered
     * @throws IllegalStateException if this end is closed
     */
    T tryReceive();

    /**
     * Another receive end of the same channel (competing consumers); senders fail only after
     * every clone is closed.
     *
     * @throws IllegalStateException if this end is closed
     */
    ReceiveChannel<T> clone();

    /** Closes this end; closing the last one drops buffered items. Idempotent; never suspends. */
    @Override
    void close();
}
