package io.jasyncio.sync;

import io.jasyncio.CancelledError;
import io.jasyncio.internal.sync.Permits;
import java.util.OptionalInt;

/**
 * A counting semaphore for the tasks of one event loop: {@link #acquire()} takes a permit,
 * waiting while none is free; {@link #release()} gives one back.
 *
 * <p><b>Fairness.</b> FIFO. A release while tasks wait hands the permit straight to the first
 * of them, so releasing and re-acquiring at once does not barge ahead.
 *
 * <p><b>Cancellation.</b> A task cancelled while it waits takes no permit. One cancelled in the
 * same iteration as a permit was handed to it passes the permit to the next waiter.
 *
 * <p><b>Threads.</b> Loop-confined (bound on first use).
 *
 * <p><b>Comparison.</b> asyncio's {@code Semaphore}. Unlike
 * {@code java.util.concurrent.Semaphore} it suspends tasks instead of blocking threads, and is
 * always fair. To cap concurrency per borrower with statistics, see {@link CapacityLimiter};
 * to catch extra releases, see {@link AsyncBoundedSemaphore}.
 *
 * <p><b>Example.</b>
 * <pre>{@code
 * AsyncSemaphore upstreamSlots = new AsyncSemaphore(10);
 * try (var permit = upstreamSlots.acquire()) {
 *     return client.get(url);
 * }
 * }</pre>
 *
 * @asyncio {@code asyncio.Semaphore}
 */
public sealed class AsyncSemaphore permits AsyncBoundedSemaphore {
    private final Permits permits;
    private final Held held = this::release;

    /**
     * A semaphore with {@code permits} free permits.
     *
     * @throws IllegalArgumentException if {@code permits < 0}
     */
    public AsyncSemaphore(int permits) {
        this(permits, "AsyncSemaphore", false);
    }

    /** For {@link AsyncBoundedSemaphore}: the same semaphore, with releases capped at the initial count. */
    AsyncSemaphore(int permits, String kind, boolean bounded) {
        this.permits = new Permits(this, kind, permits, bounded);
    }

    /**
     * Takes a permit, waiting while none is free.
     *
     * @return a handle whose {@code close()} releases the permit
     * @throws CancelledError if the calling task is cancelled; it then holds no permit
     * @throws IllegalStateException if not called from a task
     * @suspends while no permit is free; a checkpoint even when one is
     * @cancellation no permit is taken; a permit already handed over passes to the next waiter
     * @asyncio {@code Semaphore.acquire()}
     */
    public Held acquire() {
        permits.acquire();
        return held;
    }

    /**
     * Takes a permit if one is free now, without suspending.
     *
     * @return whether a permit was taken
     * @throws WrongThreadException if called from another thread than the semaphore's loop while it runs
     * @asyncio none; {@code locked()} then {@code acquire()} in one step
     */
    public boolean tryAcquire() {
        return permits.tryAcquire();
    }

    /**
     * Gives a permit back, handing it to the first waiting task if any. Never suspends.
     *
     * @throws WrongThreadException if called from another thread than the semaphore's loop while it runs
     * @asyncio {@code Semaphore.release()}
     */
    public void release() {
        permits.release();
    }

    /**
     * The number of free permits.
     *
     * @throws WrongThreadException if called from another thread than the semaphore's loop while it runs
     * @asyncio {@code Semaphore._value}; Trio's {@code Semaphore.value}
     */
    public int value() {
        return permits.value();
    }

    /**
     * The upper bound on {@link #value()}: for an {@link AsyncBoundedSemaphore} its initial
     * number of permits, which a release may not exceed; empty for a plain semaphore, whose
     * releases are not capped. Fixed at construction, so readable from any thread.
     *
     * @asyncio none; Trio's {@code Semaphore.max_value} ({@code None} when unbounded)
     */
    public OptionalInt maxValue() {
        int max = permits.max();
        return max < 0 ? OptionalInt.empty() : OptionalInt.of(max);
    }

    /**
     * Whether no permit is free.
     *
     * @throws WrongThreadException if called from another thread than the semaphore's loop while it runs
     * @asyncio {@code Semaphore.locked()}
     */
    public boolean isLocked() {
        return permits.isLocked();
    }

    /**
     * The number of tasks waiting for a permit, for metrics and tests.
     *
     * @throws WrongThreadException if called from another thread than the semaphore's loop while it runs
     * @asyncio none; {@code len(semaphore._waiters)}
     */
    public int waiting() {
        return permits.waiting();
    }

    @Override
    public String toString() {
        return permits.toString();
    }
}
