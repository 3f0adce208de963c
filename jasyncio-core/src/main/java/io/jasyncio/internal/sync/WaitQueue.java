package io.jasyncio.internal.sync;

import io.jasyncio.CancelledError;
import io.jasyncio.internal.task.RealTask;
import io.jasyncio.internal.task.Wait;

/**
 * The one fair, cancellation-safe parking queue under every lock, semaphore, condition, event,
 * queue and channel of jasyncio.
 *
 * <h2>Design note</h2>
 *
 * <p><b>Problem.</b> asyncio's Queue, Lock, Semaphore and Condition each repeat the same waiter
 * steps (create a future, catch the cancellation, remove the waiter, wake the next), and each
 * got the rare cases slightly differently over the years. Here those steps exist once. Trio's
 * {@code ParkingLot} and Tokio's {@code batch_semaphore} have the same role.
 *
 * <p><b>Structure.</b> An intrusive doubly linked list of {@link Waiter}s, one per suspended
 * task, in arrival order. A primitive decides <em>when</em> a waiter may proceed; this class
 * does the parking, the hand-over and the cancellation bookkeeping. Parking suspends through
 * the task layer's single mechanism ({@link RealTask#suspendOn}); a waiter is the task's
 * {@link Wait}, so a cancellation of a parked task unlinks it in O(1).
 *
 * <p><b>Two kinds of hand-over.</b>
 * <ul>
 * <li>{@link #grantFirst grant}: the waiter is given a <em>right</em> (a lock, a permit, a free
 *     slot, a reserved item) and then does its part when it resumes. If the task is cancelled
 *     between the grant and its resumption (the same loop iteration), the cancellation wins and
 *     the right goes back to the owner, which passes it on ({@link Owner#grantRefused}). This is
 *     asyncio's rule and the one users expect from a lock: a cancelled acquire never holds.</li>
 * <li>{@link #completeFirst complete}: the waiter's operation is finished by the one who wakes
 *     it (a channel hands an item straight to a receiver, or takes a sender's item). That cannot
 *     be undone, so the waiter returns normally and a cancellation that arrived in between is
 *     delivered at its next checkpoint, as for a future whose value arrives with a cancel (Trio's
 *     rule for its channels).</li>
 * </ul>
 *
 * <p><b>Rejected.</b> A future per waiter (asyncio): one more object and a callback per park,
 * and the wake-up bookkeeping leaks into every primitive. Waking all waiters and letting them
 * race (barging): unfair, and a task that releases and re-acquires at once would starve the
 * others.
 *
 * <p><b>Invariants.</b>
 * <ol>
 * <li>W1 the head waiter is never cancelled: every linked waiter is {@code WAITING}; a waiter
 *     is unlinked in the same step that grants, completes, fails or cancels it.</li>
 * <li>W2 a granted wake-up is never lost: a woken waiter that is cancelled before it resumes
 *     gives the grant back to the owner, which passes it on.</li>
 * <li>W3 FIFO: waiters are released in the order they parked (except {@link #failAll}, which
 *     releases all, and {@link #failWhere}, which releases those of one key).</li>
 * <li>W4 {@code size} is the number of linked waiters.</li>
 * </ol>
 *
 * <p><b>Cost.</b> Parking allocates one {@link Waiter}; granting and cancelling are O(1); no
 * scan on any path. Loop-confined, like the primitives above it.
 */
public final class WaitQueue {

    /** The primitive that owns a queue: takes back grants its waiters could not use. */
    public interface Owner {
        /**
         * {@code w} was granted but its task was cancelled before it resumed: pass the right on
         * (W2). Called in the task, in loop context.
         */
        void grantRefused(Waiter w);
    }

    static final byte WAITING = 0;
    static final byte GRANTED = 1;
    static final byte COMPLETED = 2;
    static final byte FAILED = 3;
    static final byte CANCELLED = 4;

    /** One parked task. */
    public static final class Waiter implements Wait {
        final WaitQueue queue;
        final RealTask<?> task;
        /** Set when a cancellation request must not interrupt this wait (Condition's re-acquire). */
        final boolean uncancellable;
        /** Linked while WAITING (W1). */
        Waiter prev, next;
        byte state;
        /** What the waiter offers (a channel sender's item), then what the hand-over gives it. */
        Object value;
        /** What the owner tells waiters apart by (the channel end a task waits through), or null. */
        final Object key;
        Throwable failure;

        Waiter(WaitQueue queue, RealTask<?> task, Object offer, Object key, boolean uncancellable) {
            this.queue = queue;
            this.task = task;
            this.value = offer;
            this.key = key;
            this.uncancellable = uncancellable;
        }

        /** The offered value (for a waiting sender) or the granted one. */
        public Object value() {
            return value;
        }

        /** The waiting task. */
        public RealTask<?> task() {
            return task;
        }

        @Override
        public void cancelWait(RealTask<?> waiter, String message) {
            if (uncancellable || state != WAITING) {
                return;
            }
            queue.unlink(this);
            state = CANCELLED;
            task.wake();
        }

        @Override
        public String toString() {
            return queue.what;
        }
    }

    private final Owner owner;
    /** What a parked task waits on, for {@code Task.toString} ("AsyncQueue.get"). */
    private final String what;
    private Waiter head, tail;
    /** W4. */
    private int size;

    public WaitQueue(Owner owner, String what) {
        this.owner = owner;
        this.what = what;
    }

    // ---------------------------------------------------------------- parking

    /**
     * In {@code task}: parks at the tail until granted, completed or failed.
     *
     * @return the value of the hand-over ({@code null} for a plain grant)
     * @throws CancelledError if the task is cancelled while parked, or between a grant and its
     *     resumption (the grant is then refused, W2)
     * @throws RuntimeException the failure given to {@link #failAll}
     */
    public Object park(RealTask<?> task, Object offer) {
        return park(task, offer, null, false);
    }

    /**
     * {@link #park(RealTask, Object)}, marked with {@code key} so that {@link #failWhere} can
     * fail this waiter and leave the others (a channel end closed under its waiting task).
     */
    public Object parkVia(RealTask<?> task, Object offer, Object key) {
        return park(task, offer, key, false);
    }

    /**
     * {@link #park(RealTask, Object)}, where a cancellation does not end the wait: the caller
     * delivers it after the wait (Condition's re-acquire of its lock).
     */
    public Object parkUncancellable(RealTask<?> task) {
        return park(task, null, null, true);
    }

    private Object park(RealTask<?> task, Object offer, Object key, boolean uncancellable) {
        Waiter w = new Waiter(this, task, offer, key, uncancellable);
        while (true) {
            link(w);
            try {
                task.suspendOn(w);
            } finally {
                if (w.state == WAITING) {
                    // left without a wake-up (a pinned suspension failed): never stay linked (W1)
                    unlink(w);
                    w.state = CANCELLED;
                }
            }
            switch (w.state) {
                case GRANTED -> {
                    if (!uncancellable) {
                        try {
                            task.checkCancel();
                        } catch (CancelledError e) {
                            // woken then cancelled: pass the wake-up on
                            // (WaitQueueTest#wokenThenCancelledPassesWakeupOn)
                            owner.grantRefused(w);
                            throw e;
                        }
                    }
                    return w.value;
                }
                case COMPLETED -> {
                    return w.value;
                }
                case FAILED -> {
                    task.checkCancel();
                    throw rethrow(w.failure);
                }
                default -> {
                    task.checkCancel();
                    // the request was withdrawn (uncancel) before delivery: wait again, at the tail
                    w.state = WAITING;
                }
            }
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        return (RuntimeException) t;
    }

    // ---------------------------------------------------------------- releasing

    /** Whether no task waits. */
    public boolean isEmpty() {
        return head == null;
    }

    /** The number of waiting tasks. */
    public int size() {
        return size;
    }

    /** The first waiter, or null; W1: never a cancelled one. */
    public Waiter first() {
        return head;
    }

    /**
     * Grants the first waiter a right it uses when it resumes (see the design note).
     *
     * @return the granted waiter, or null when none waits
     */
    public Waiter grantFirst(Object value) {
        Waiter w = head;
        if (w != null) {
            release(w, GRANTED, value);
        }
        return w;
    }

    /**
     * Completes the first waiter's operation with {@code value}; it returns it even if cancelled
     * in the meantime.
     *
     * @return the completed waiter (its offer is still readable through {@link Waiter#value()}
     *     before this call), or null
     */
    public Waiter completeFirst(Object value) {
        Waiter w = head;
        if (w != null) {
            release(w, COMPLETED, value);
        }
        return w;
    }

    /** Grants every waiter (an event being set); returns how many. */
    public int grantAll() {
        int n = 0;
        while (head != null) {
            release(head, GRANTED, null);
            n++;
        }
        return n;
    }

    /** Wakes every waiter with {@code failure}, which each throws (a shut-down queue, a broken barrier). */
    public void failAll(RuntimeException failure) {
        while (head != null) {
            Waiter w = head;
            w.failure = failure;
            release(w, FAILED, null);
        }
    }

    /**
     * Wakes every waiter parked with {@code key} with {@code failure}, which each throws; the
     * others keep their places. O(waiters): for cold paths only (closing a channel end).
     */
    public void failWhere(Object key, RuntimeException failure) {
        Waiter w = head;
        while (w != null) {
            Waiter next = w.next;
            if (w.key == key) {
                w.failure = failure;
                release(w, FAILED, null);
            }
            w = next;
        }
    }

    private void release(Waiter w, byte state, Object value) {
        unlink(w);
        w.state = state;
        w.value = value;
        w.task.wake();
        assert invariantsHold() : this;
    }

    // ---------------------------------------------------------------- list

    private void link(Waiter w) {
        w.prev = tail;
        w.next = null;
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
        size++;
    }

    private void unlink(Waiter w) {
        if (w.prev == null) {
            head = w.next;
        } else {
            w.prev.next = w.next;
        }
        if (w.next == null) {
            tail = w.prev;
        } else {
            w.next.prev = w.prev;
        }
        w.prev = w.next = null;
        size--;
    }

    /** W1 and W4 at the ends of the list (O(1), so assertions do not make a release O(n)). */
    private boolean invariantsHold() {
        if (head == null) {
            return tail == null && size == 0;
        }
        return head.state == WAITING && tail.state == WAITING && head.prev == null && tail.next == null && size > 0;
    }

    @Override
    public String toString() {
        return "WaitQueue[" + what + ", waiters=" + size + "]";
    }
}
