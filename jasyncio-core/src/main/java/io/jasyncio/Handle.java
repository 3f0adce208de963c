package io.jasyncio;

/**
 * A callback scheduled on an {@link EventLoop} with {@link EventLoop#callSoon} or
 * {@link EventLoop#callSoonThreadsafe}.
 *
 * <p><b>Threads.</b> {@link #cancel()} and {@link #isCancelled()} are safe from any thread; a
 * cancel that races with the run either prevents it or comes too late, never both.
 *
 * <p>Implemented by the loop only.
 *
 * @asyncio {@code asyncio.Handle}
 */
public interface Handle {

    /**
     * Prevents the callback from running if it has not run yet. Idempotent; never suspends.
     */
    void cancel();

    /** Whether {@link #cancel()} was called. */
    boolean isCancelled();
}
