package io.jasyncio.sync;

import io.jasyncio.CancelledError;
import io.jasyncio.internal.sync.Permits;

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
public final class AsyncBoundedSemaphore {
    private final Permits permits;
    private final Held held = this::release;

    /**
     * A semaphore with {@code permits} free permits.
     *
     * @throws IllegalArgumentException if {@code permits < 0}
     */
    public AsyncBoundedSemaphore(int permits) {
        this.permits = new Permits(this, "AsyncBoundedSemaphore", permits, true);
    }

    /**
     * Takes a permit, waiting while none is free.
     *
     * @return a handle whose {@code close()} releases the permit
     * @throws CancelledError if the calling task is cancelled; it then holds no permit
     * @throws IllegalStateException if not called from a task
     * @suspends while no permit is free; a checkpoint even when one is
     * @cancellation no permit is taken; a permit already handed over passes to the next waiter
     * @asyncio {@code BoundedSemaphore.acquire()}
     */
    public Held acquire() {
        permits.acquire();
        return held;
    }

    /** Takes a permit if one is free now, without suspending. */
    public boolean tryAcquire() {
        return permits.tryAcquire();
    }

    /**
     * Gives a permit back, handing it to the first waiting task if any. Never suspends.
     *
     * @throws IllegalStateException if every permit is already free (more releases than acquires)
     * @asyncio {@code BoundedSemaphore.release()}
     */
    public void release() {
        permits.release();
    }

    /** The number of free permits. */
    public int value() {
        return permits.value();
    }

    /**

     * Whether no permit is free.

     *

     * @asyncio {@code BoundedSemaphore.locked()}

     */
    public boolean isLocked() {
        return permits.isLocked();
    }

    @Override
    public String toString() {
        return permits.toString();
    }
}
