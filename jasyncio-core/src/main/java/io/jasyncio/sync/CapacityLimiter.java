package io.jasyncio.sync;

import io.jasyncio.CancelledError;
import io.jasyncio.internal.sync.LoopBound;
import io.jasyncio.internal.sync.WaitQueue;
import io.jasyncio.internal.task.RealTask;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Limits how many borrowers (tasks, by default) use a resource at once, and knows who they are:
 * a semaphore whose tokens are tracked per borrower, whose total can change while it is in
 * use, and which reports {@link #statistics()}.
 *
 * <p><b>Fairness.</b> FIFO; a released token goes straight to the first waiting borrower.
 *
 * <p><b>Cancellation.</b> A borrower cancelled while it waits takes no token; one cancelled in
 * the iteration a token was handed to it passes the token on.
 *
 * <p><b>Threads.</b> Loop-confined (bound on first use).
 *
 * <p><b>Comparison.</b> Trio's {@code CapacityLimiter}. Over an {@link AsyncSemaphore} it adds
 * the borrower check (a borrower holds at most one token, and only a holder releases), a total
 * adjustable at run time, and statistics for dashboards. {@code Asyncio.toThread} can take one
 * to bound the number of concurrent thread calls.
 *
 * <p><b>Example.</b>
 * <pre>{@code
 * CapacityLimiter db = new CapacityLimiter(20);
 * try (var token = db.acquire()) {
 *     return Asyncio.toThread(() -> jdbc.query(sql));
 * }
 * }</pre>
 */
public final class CapacityLimiter implements WaitQueue.Owner {

    /**
     * A snapshot of a limiter's use.
     *
     * @param borrowedTokens tokens in use
     * @param totalTokens the current total
     * @param borrowers who holds them, in the order they got them
     * @param tasksWaiting tasks waiting for a token
     */
    public record Statistics(int borrowedTokens, int totalTokens, List<Object> borrowers, int tasksWaiting) {
    }

    private final LoopBound bound = new LoopBound(this);
    private final WaitQueue waiters = new WaitQueue(this, "CapacityLimiter.acquire");
    /** C1: {@code borrowers.size() <= total}, except right after the total was lowered. */
    private final Set<Object> borrowers = new LinkedHashSet<>();
    private int total;

    /**
     * A limiter with {@code totalTokens} tokens.
     *
     * @throws IllegalArgumentException if {@code totalTokens < 1}
     */
    public CapacityLimiter(int totalTokens) {
        this.total = checkTotal(totalTokens);
    }

    private static int checkTotal(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("CapacityLimiter needs at least 1 token, got " + n);
        }
        return n;
    }

    /**
     * Borrows a token for the calling task, waiting while none is free.
     *
     * @return a handle whose {@code close()} gives the token back
     * @throws IllegalStateException if the calling task already holds a token of this limiter
     * @throws CancelledError if the calling task is cancelled; it then holds no token
     * @suspends while no token is free; a checkpoint even when one is
     * @cancellation no token is taken; a token already handed over passes to the next waiter
     */
    public Held acquire() {
        RealTask<?> t = bound.task("CapacityLimiter.acquire()");
        return acquireOnBehalfOf(t, t);
    }

    /**
     * Borrows a token on behalf of {@code borrower} (any object, e.g. a request or a thread
     * call), waiting while none is free.
     *
     * @return a handle whose {@code close()} gives {@code borrower}'s token back
     * @throws IllegalStateException if {@code borrower} already holds a token of this limiter
     * @throws CancelledError if the calling task is cancelled; no token is taken
     * @suspends while no token is free
     */
    public Held acquireOnBehalfOf(Object borrower) {
        Objects.requireNonNull(borrower, "borrower");
        return acquireOnBehalfOf(bound.task("CapacityLimiter.acquireOnBehalfOf()"), borrower);
    }

    private Held acquireOnBehalfOf(RealTask<?> t, Object borrower) {
        t.checkpoint();
        if (borrowers.contains(borrower)) {
            throw new IllegalStateException(borrower + " already holds a token of " + this
                    + "; a borrower holds at most one: release it first, or borrow on behalf of another object");
        }
        if (borrowers.size() < total && waiters.isEmpty()) {
            borrowers.add(borrower);
        } else {
            waiters.park(t, borrower);
        }
        return () -> releaseOnBehalfOf(borrower);
    }

    /**
     * Borrows a token for {@code borrower} if one is free now.
     *
     * @return whether a token was taken
     * @throws IllegalStateException if {@code borrower} already holds one
     * @throws WrongThreadException if called from another thread than the limiter's loop while it runs
     */
    public boolean tryAcquireOnBehalfOf(Object borrower) {
        bound.check("CapacityLimiter.tryAcquireOnBehalfOf()");
        if (borrowers.contains(borrower)) {
            throw new IllegalStateException(borrower + " already holds a token of " + this);
        }
        if (borrowers.size() < total && waiters.isEmpty()) {
            borrowers.add(borrower);
            return true;
        }
        return false;
    }

    /**
     * Gives back the calling task's token.
     *
     * @throws IllegalStateException if the calling task holds none
     * @throws WrongThreadException if called from another thread than the limiter's loop while it runs
     */
    public void release() {
        releaseOnBehalfOf(RealTask.current());
    }

    /**
     * Gives back {@code borrower}'s token, handing it to the first waiter if any.
     *
     * @throws IllegalStateException if {@code borrower} holds no token of this limiter
     * @throws WrongThreadException if called from another thread than the limiter's loop while it runs
     */
    public void releaseOnBehalfOf(Object borrower) {
        bound.check("CapacityLimiter.release()");
        if (borrower == null || !borrowers.remove(borrower)) {
            throw new IllegalStateException(borrower + " holds no token of " + this
                    + ": release only what was acquired, with the handle acquire() returned");
        }
        handOut();
    }

    /** Gives free tokens to waiters, first come first served. */
    private void handOut() {
        while (borrowers.size() < total) {
            WaitQueue.Waiter w = waiters.first();
            if (w == null) {
                return;
            }
            borrowers.add(w.value());
            waiters.grantFirst(w.value());
        }
    }

    @Override
    public void grantRefused(WaitQueue.Waiter w) {
        borrowers.remove(w.value());
        handOut();
    }

    /**
     * The total number of tokens.
     *
     * @throws WrongThreadException if called from another thread than the limiter's loop while it runs
     */
    public int totalTokens() {
        bound.check("CapacityLimiter.totalTokens()");
        return total;
    }

    /**
     * Changes the total. Raising it hands the new tokens to waiters at once; lowering it takes
     * effect as borrowers release (none is taken back).
     *
     * @throws IllegalArgumentException if {@code totalTokens < 1}
     * @throws WrongThreadException if called from another thread than the limiter's loop while it runs
     */
    public void totalTokens(int totalTokens) {
        bound.check("CapacityLimiter.totalTokens()");
        total = checkTotal(totalTokens);
        handOut();
    }

    /**
     * Tokens in use.
     *
     * @throws WrongThreadException if called from another thread than the limiter's loop while it runs
     */
    public int borrowedTokens() {
        bound.check("CapacityLimiter.borrowedTokens()");
        return borrowers.size();
    }

    /**
     * Tokens free now (0 when the total was lowered below the borrowed count).
     *
     * @throws WrongThreadException if called from another thread than the limiter's loop while it runs
     */
    public int availableTokens() {
        bound.check("CapacityLimiter.availableTokens()");
        return Math.max(0, total - borrowers.size());
    }

    /**
     * A snapshot: tokens borrowed and total, the borrowers, the tasks waiting.
     *
     * @throws WrongThreadException if called from another thread than the limiter's loop while it
     *     runs; read it there (e.g. through {@code loop.callSoonThreadsafe}) and hand the snapshot on
     */
    public Statistics statistics() {
        bound.check("CapacityLimiter.statistics()");
        return new Statistics(borrowers.size(), total, List.copyOf(borrowers), waiters.size());
    }

    @Override
    public String toString() {
        return "CapacityLimiter[" + borrowers.size() + "/" + total + " borrowed"
                + (waiters.isEmpty() ? "" : ", waiters=" + waiters.size()) + "]";
    }
}
