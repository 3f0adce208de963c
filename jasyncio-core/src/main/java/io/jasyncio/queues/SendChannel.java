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
     * @throws IllegalStateException if this end is closed, also when another task closes it while
     *     this one waits (the item is then not sent), or if not called from a task
     * @throws WrongThreadException if called from a task of another loop than the channel's
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
     * @throws WrongThreadException if called from another thread than the channel's loop while it runs
     */
    boolean trySend(T item);

    /**
     * A snapshot of the channel this end belongs to; also after this end is closed.
     *
     * @throws WrongThreadException if called from another thread than the channel's loop while it runs
     * @asyncio none; Trio's {@code MemorySendChannel.statistics()}
     */
    MemoryChannel.Statistics statistics();

    /**
     * Another send end of the same channel; the receivers see the end of the stream only after
     * every clone is closed.
     *
     * @throws IllegalStateException if this end is closed
     * @throws WrongThreadException if called from another thread than the channel's loop while it runs
     */
    SendChannel<T> clone();

    /**
     * Closes this end; idempotent. Never suspends. Tasks waiting in {@code send} through this end
     * fail with {@link IllegalStateException} and their items are not sent; senders on other
     * clones are unaffected.
     *
     * @throws WrongThreadException if called from another thread than the channel's loop while it runs
     */
    @Override
    void close();
}
