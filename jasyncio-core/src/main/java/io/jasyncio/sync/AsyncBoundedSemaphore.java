package io.jasyncio.sync;


/**
 * An {@link AsyncSemaphore} whose {@link #release()} fails when it would raise the number of
 * free permits above the initial one: a release without a matching acquire is a bug caught at
 * once instead of a silent capacity leak.
 *
 * <p><b>Fairness.</b> FIFO. A release while tasks wait hands the permit straight to the first
 * of them, so releasing and re-acquiring at once does not barge ahead.
 *
 * <p><b>Cancellation.</b> A task cancelled while it waits takes no permit. One cancelled in the
 * same iteration as a permit was handed to it passes the permit to the next waiter.
 *
 * <p><b>Threads.</b> Loop-confined (bound on first use).
 *
 * <p><b>Comparison.</b> asyncio's {@code BoundedSemaphore} (which raises {@code ValueError}).
 *
 * <p><b>Example.</b>
 * <pre>{@code
 * AsyncBoundedSemaphore upstreamSlots = new AsyncBoundedSemaphore(10);
 * try (var permit = upstreamSlots.acquire()) {
 *     return client.get(url);
 * }
 * }</pre>
 *
 * @asyncio {@code asyncio.BoundedSemaphore}
 */
public final class AsyncBoundedSemaphore extends AsyncSemaphore {

    /**
     * A bounded semaphore with {@code permits} free permits, which is also the bound.
     *
     * @throws IllegalArgumentException if {@code permits < 0}
     */
    public AsyncBoundedSemaphore(int permits) {
        super(permits, "AsyncBoundedSemaphore", true);
    }

    /**
     * Gives a permit back, handing it to the first waiting task if any. Never suspends.
     *
     * @throws IllegalStateException if every permit is already free (more releases than acquires)
     * @throws WrongThreadException if called from another thread than the semaphore's loop while it runs
     * @asyncio {@code BoundedSemaphore.release()}
     */
    @Override
    public void release() {
        super.release();
    }
}
