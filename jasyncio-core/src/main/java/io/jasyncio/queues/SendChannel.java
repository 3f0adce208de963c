package io.jasyncio.queues;

import io.jasyncio.CancelledError;

/**
 * The sending end of a {@link MemoryChannel}. Closing the last clone of the send end tells the
 * receivers the stream has ended.
 *
 * <p><b>Threads.</b> Loop-confined, like the channel.
 *
 * @param <T> the item type; items are never {@code null}
 * @asyncio none; Trio's {@code MemorySendChannel}
 */
public sealed interface SendChannel<T> extends AutoCloseable permits MemoryChannel.Sender {

    /**
     * Sends {@code item}: hands it to a waiting receiver, or buffers it, or waits until a
     * receiver takes it (always so for a rendezvous channel).
     *
     * @throws BrokenChannelException if every receive end is closed, before or while waiting
     * @throws IllegalStateException if this end is closed, or not called from a task
     * @throws CancelledError if the calling task is cancelled while it waits; the item is then
     *     not sent
     * @suspends while no receiver waits and the buffer is full; a checkpoint otherwise
     * @cancellation the item is not sent, unless a receiver already took it: then {@code send}
     *     returns and the cancellation comes at the next checkpoint
     */
    void send(T item);

    /**
     * Sends {@code item} if that needs no waiting.
     *
     * @return whether it was sent
     * @throws BrokenChannelException if every receive end is closed
     * @throws IllegalStateException if this end is closed
     */
    boolean trySend(T item);

    /**
     * Another send end of the same channel; the receivers see the end of the stream only after
     * every clone is closed.
     *
     * @throws IllegalStateException if this end is closed
     */
    SendChannel<T> clone();

    /** Closes this end; idempotent. Never suspends. */
    @Override
    void close();
}
