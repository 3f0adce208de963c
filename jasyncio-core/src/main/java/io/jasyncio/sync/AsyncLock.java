package io.jasyncio.sync;

import io.jasyncio.CancelledError;
import io.jasyncio.internal.sync.LoopBound;
import io.jasyncio.internal.sync.WaitQueue;
import io.jasyncio.internal.task.RealTask;

/**
 * A mutual-exclusion lock for the tasks of one event loop.
 *
 * <p><b>Fairness.</b> Tasks acquire in the order they asked. A release while tasks wait hands
 * the lock straight to the first of them, so a task that releases and acquires again at once
 * queues behind the waiters.
 *
 * <p><b>Cancellation.</b> A task cancelled while it waits does not get the lock. One cancelled
 * in the same loop iteration as the lock was handed to it gives it to the next waiter and
 * raises {@link CancelledError}.
 *
 * <p><b>Threads.</b> Loop-confined: bound to the loop of its first use, whatever the call; from
 * other threads use {@code loop.callSoonThreadsafe}. Not reentrant, and any task may release it (as
 * asyncio's).
 *
 * <p><b>Comparison.</b> asyncio's {@code Lock}, with a handle for try-with-resources instead of
 * {@code async with}. Unlike {@code java.util.concurrent.locks.ReentrantLock} it never blocks a
 * thread: waiting suspends only the task.
 *
 * <p><b>Example.</b>
 * <pre>{@code
 * AsyncLock lock = new AsyncLock();
 * try (var held = lock.acquire()) {
 *     balance = fetchBalance() + amount;   // other tasks wait here, the loop keeps running
 * }
 * }</pre>
 *
 * @asyncio {@code asyncio.Lock}
 */
public final class AsyncLock implements WaitQueue.Owner {
    private final LoopBound bound = new LoopBound(this);
    private final WaitQueue waiters = new WaitQueue(this, "AsyncLock.acquire");
    /** L1: tasks wait only while locked. */
    private boolean locked;
    /** The task that acquired it last (hand-over included), for toString and Condition checks. */
    private RealTask<?> owner;
    private final Held held = this::release;

    /** An unlocked lock. */
    public AsyncLock() {
    }

    /**
     * Acquires the lock, waiting while another task holds it.
     *
     * @return a handle whose {@code close()} releases the lock
     * @throws CancelledError if the calling task is cancelled; it then does not hold the lock
     * @throws IllegalStateException if not called from a task
     * @throws WrongThreadException if called from a task of another loop than the lock's
     * @suspends while locked; a checkpoint even when free
     * @cancellation the lock is not taken; a hand-over already granted passes to the next waiter
     * @asyncio {@code Lock.acquire()}
     */
    public Held acquire() {
        RealTask<?> t = bound.task("AsyncLock.acquire()");
        t.checkpoint();
        if (!locked) {
            locked = true;
        } else {
            waiters.park(t, null);
        }
        owner = t;
        return held;
    }

    /**
     * Acquires the lock if it is free now.
     *
     * @return whether the lock was taken
     * @throws WrongThreadException if called from another thread than the lock's loop while it runs
     * @asyncio none; {@code lock.locked()} then {@code acquire()} in one step
     */
    public boolean tryAcquire() {
        bound.check("AsyncLock.tryAcquire()");
        if (locked) {
            return false;
        }
        locked = true;
        owner = RealTask.current();
        return true;
    }

    /**
     * Releases the lock, handing it to the first waiting task if any.
     *
     * @throws IllegalStateException if the lock is not locked
     * @throws WrongThreadException if called from another thread than the lock's loop
     * @asyncio {@code Lock.release()}
     */
    public void release() {
        bound.check("AsyncLock.release()");
        if (!locked) {
            throw new IllegalStateException(this + ": release() of a lock that is not locked; release only "
                    + "after acquire(), preferably with try (var held = lock.acquire()) {...}");
        }
        passOn();
    }

    private void passOn() {
        WaitQueue.Waiter w = waiters.grantFirst(null);
        if (w == null) {
            locked = false;
            owner = null;
        } else {
            owner = w.task();
        }
    }

    @Override
    public void grantRefused(WaitQueue.Waiter w) {
        passOn();
    }

    /**
     * Whether a task holds the lock.
     *
     * @throws WrongThreadException if called from another thread than the lock's loop while it runs
     * @asyncio {@code Lock.locked()}
     */
    public boolean isLocked() {
        bound.check("AsyncLock.isLocked()");
        return locked;
    }

    /**
     * The number of tasks waiting to acquire the lock, for metrics and tests.
     *
     * @throws WrongThreadException if called from another thread than the lock's loop while it runs
     * @asyncio none; {@code len(lock._waiters)}
     */
    public int waiting() {
        bound.check("AsyncLock.waiting()");
        return waiters.size();
    }

    /** {@link #isLocked()} without the thread check, for {@code toString} (callable from any thread). */
    boolean lockedForToString() {
        return locked;
    }

    /** Whether the calling task is the one that acquired the lock last. */
    boolean isHeldByCurrentTask() {
        return locked && owner != null && owner == RealTask.current();
    }

    LoopBound bound() {
        return bound;
    }

    /** Acquires ignoring cancellation (Condition re-acquires before it raises); in a task. */
    void acquireUncancellable(RealTask<?> t) {
        if (!locked) {
            locked = true;
        } else {
            waiters.parkUncancellable(t);
        }
        owner = t;
    }

    @Override
    public String toString() {
        return "AsyncLock[" + (locked ? "locked" : "unlocked") + (waiters.isEmpty() ? "" : ", waiters=" + waiters.size()) + "]";
    }
}
