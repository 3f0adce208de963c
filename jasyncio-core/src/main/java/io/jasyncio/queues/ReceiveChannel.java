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
     * @throws IllegalStateException if this end is closed, also when another task closes it while
     *     this one waits (nothing is then taken), or if not called from a task
     * @throws WrongThreadException if called from a task of another loop than the channel's
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
     * @throws WrongThreadException if called from another thread than the channel's loop while it runs
     */
    T tryReceive();

    /**
     * A snapshot of the channel this end belongs to; also after this end is closed.
     *
     * @throws WrongThreadException if called from another thread than the channel's loop while it runs
     * @asyncio none; Trio's {@code MemoryReceiveChannel.statistics()}
     */
    MemoryChannel.Statistics statistics();

    /**
     * Another receive end of the same channel (competing consumers); senders fail only after
     * every clone is closed.
     *
     * @throws IllegalStateException if this end is closed
     * @throws WrongThreadException if called from another thread than the channel's loop while it runs
     */
    ReceiveChannel<T> clone();

    /**
     * Closes this end; closing the last one drops buffered items. Idempotent; never suspends.
     * Tasks waiting in {@code receive} through this end fail with {@link IllegalStateException}
     * and take nothing; the next item goes to a receiver on another clone.
     *
     * @throws WrongThreadException if called from another thread than the channel's loop while it runs
     */
    @Override
    void close();
}
