package io.jasyncio.sync;

import io.jasyncio.CancelledError;
import io.jasyncio.internal.sync.WaitQueue;
import io.jasyncio.internal.task.RealTask;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A condition variable: tasks holding its lock wait until another task notifies them.
 *
 * <p><b>Fairness.</b> {@link #signal(int)} wakes the longest-waiting tasks first; each then
 * re-acquires the lock in turn.
 *
 * <p><b>Cancellation.</b> A waiting task that is cancelled re-acquires the lock before it raises
 * {@link CancelledError}, so the caller's {@code finally} runs with the lock held, as after a
 * normal return. That holds too for a cancellation that arrives after the notification, while
 * the task waits to re-acquire the lock: {@code await()} raises it once the lock is held again,
 * and never returns normally to a cancelled task (asyncio 3.13). A notified task that raises
 * passes its notification to the next waiter, so a {@code signal()} is never lost (the next
 * waiter may then wake spuriously, which {@link #awaitFor} absorbs).
 *
 * <p><b>Threads.</b> Loop-confined, as its lock.
 *
 * <p><b>Comparison.</b> asyncio's {@code Condition}; {@code wait()} is {@link #await()} and
 * {@code wait_for} is {@link #awaitFor}, {@code notify}/{@code notify_all} are {@link #signal(int)}/{@link #signalAll()}
 * ({@code Object.wait()} and {@code Object.notifyAll()} are final; the names are
 * {@code java.util.concurrent.locks.Condition}'s). Like
 * {@code java.util.concurrent.locks.Condition}, waiting requires holding the lock.
 *
 * <p><b>Example.</b>
 * <pre>{@code
 * try (var held = cond.acquire()) {
 *     cond.awaitFor(() -> !jobs.isEmpty());
 *     return jobs.poll();
 * }
 * }</pre>
 *
 * @asyncio {@code asyncio.Condition}
 */
public final class AsyncCondition implements WaitQueue.Owner {
    private final AsyncLock lock;
    private final WaitQueue waiters = new WaitQueue(this, "AsyncCondition.await");

    /** A condition with its own new lock. */
    public AsyncCondition() {
        this(new AsyncLock());
    }

    /** A condition over {@code lock}, which several conditions may share. */
    public AsyncCondition(AsyncLock lock) {
        this.lock = Objects.requireNonNull(lock, "lock");
    }

    /**
     * Acquires the underlying lock.
     *
     * @return a handle whose {@code close()} releases the lock
     * @throws CancelledError if the calling task is cancelled while it waits
     * @suspends while the lock is held elsewhere
     * @cancellation see {@link AsyncLock#acquire()}
     * @asyncio {@code Condition.acquire()}
     */
    public Held acquire() {
        return lock.acquire();
    }

    /**
     * Releases the underlying lock.
     *
     * @throws IllegalStateException if the lock is not locked
     * @throws WrongThreadException if called from another thread than the lock's loop while it runs
     * @asyncio {@code Condition.release()}
     */
    public void release() {
        lock.release();
    }

    /**
     * Whether the underlying lock is held.
     *
     * @throws WrongThreadException if called from another thread than the lock's loop while it runs
     * @asyncio {@code Condition.locked()}
     */
    public boolean isLocked() {
        return lock.isLocked();
    }

    /**
     * The number of tasks waiting in {@link #await()} for a notification (not counting tasks
     * waiting to acquire or re-acquire the lock: see {@link AsyncLock#waiting()}), for metrics
     * and tests.
     *
     * @throws WrongThreadException if called from another thread than the lock's loop while it runs
     * @asyncio none; {@code len(condition._waiters)}
     */
    public int waiting() {
        lock.bound().check("AsyncCondition.waiting()");
        return waiters.size();
    }

    /**
     * Releases the lock, waits until notified, and re-acquires the lock before returning (also
     * when it raises).
     *
     * @throws IllegalStateException if the calling task does not hold the lock
     * @throws CancelledError if the calling task is cancelled, while it waits for a notification
     *     or while it re-acquires the lock after one; the lock is held again first
     * @throws WrongThreadException if called from a task of another loop than the condition's
     * @suspends always
     * @cancellation the lock is re-acquired, then {@code CancelledError} is raised (also when the
     *     cancellation came after the notification, while re-acquiring); a notification already
     *     received passes to the next waiter, which may see it as a spurious wake-up
     * @asyncio {@code Condition.wait()}
     */
    public void await() {
        RealTask<?> t = lock.bound().task("AsyncCondition.await()");
        requireHeld("await()");
        t.checkCancel();   // a cancellation already pending raises here, the lock still held
        lock.release();
        try {
            waiters.park(t, null);
        } finally {
            lock.acquireUncancellable(t);
        }
        // notified, then cancelled while re-acquiring the lock: raise it here, with the lock held
        // (asyncio 3.13), and pass the notification on, since this task will not act on it
        // (PrimitivesTest.ConditionBehaviour#cancelWhileReacquiringAfterASignalRaisesWithTheLockHeld)
        try {
            t.checkCancel();
        } catch (CancelledError e) {
            waiters.grantFirst(null);
            throw e;
        }
    }

    /**
     * Waits until {@code predicate} is true, checking it first and after each notification.
     *
     * @throws IllegalStateException if the calling task does not hold the lock
     * @throws CancelledError if the calling task is cancelled; the lock is held again first
     * @suspends while the predicate is false
     * @asyncio {@code Condition.wait_for(predicate)}
     */
    public void awaitFor(BooleanSupplier predicate) {
        Objects.requireNonNull(predicate, "predicate");
        while (!predicate.getAsBoolean()) {
            await();
        }
    }

    /**
     * Wakes the longest-waiting task, if any.
     *
     * @throws IllegalStateException if the calling task does not hold the lock
     * @throws WrongThreadException if called from another thread than the lock's loop while it runs
     * @asyncio {@code Condition.notify()}
     */
    public void signal() {
        signal(1);
    }

    /**
     * Wakes up to {@code n} waiting tasks, longest waiting first.
     *
     * @throws IllegalArgumentException if {@code n < 0}
     * @throws IllegalStateException if the calling task does not hold the lock
     * @throws WrongThreadException if called from another thread than the lock's loop while it runs
     * @asyncio {@code Condition.notify(n)}
     */
    public void signal(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("signal(n) needs n >= 0, got " + n);
        }
        lock.bound().check("AsyncCondition.signal()");
        requireHeld("signal()");
        for (int i = 0; i < n; i++) {
            if (waiters.grantFirst(null) == null) {
                break;
            }
        }
    }

    /**
     * Wakes every waiting task.
     *
     * @throws IllegalStateException if the calling task does not hold the lock
     * @throws WrongThreadException if called from another thread than the lock's loop while it runs
     * @asyncio {@code Condition.notify_all()}
     */
    public void signalAll() {
        signal(Integer.MAX_VALUE);
    }

    private void requireHeld(String what) {
        if (!lock.isHeldByCurrentTask()) {
            throw new IllegalStateException(this + ": " + what + " needs the lock held by the calling task; "
                    + "call it inside try (var held = condition.acquire()) {...}");
        }
    }

    @Override
    public void grantRefused(WaitQueue.Waiter w) {
        // notified then cancelled: the notification goes to the next waiter
        waiters.grantFirst(null);
    }

    @Override
    public String toString() {
        return "AsyncCondition[" + (lock.lockedForToString() ? "locked" : "unlocked")
                + (waiters.isEmpty() ? "" : ", waiters=" + waiters.size()) + "]";
    }
}
