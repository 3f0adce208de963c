package io.jasyncio.sync;

import io.jasyncio.CancelledError;
import io.jasyncio.internal.sync.LoopBound;
import io.jasyncio.internal.sync.WaitQueue;
import io.jasyncio.internal.task.RealTask;

/**
 * A flag tasks can wait for: {@link #set()} wakes every waiting task, {@link #clear()} resets it.
 *
 * <p><b>Fairness.</b> Waiters resume in the order they started waiting.
 *
 * <p><b>Cancellation.</b> A waiter cancelled while it waits, or in the iteration it was woken,
 * raises {@link CancelledError}; the event stays set for everyone else.
 *
 * <p><b>Threads.</b> Loop-confined (bound on first use); to set it from another thread use
 * {@code loop.callSoonThreadsafe(event::set)}.
 *
 * <p><b>Comparison.</b> asyncio's {@code Event}; {@code wait()} is {@link #await()} here because
 * {@code Object.wait()} is final. Close to a resettable {@code CountDownLatch(1)} that never
 * blocks a thread.
 *
 * @asyncio {@code asyncio.Event}
 */
public final class Event implements WaitQueue.Owner {
    private final LoopBound bound = new LoopBound(this);
    private final WaitQueue waiters = new WaitQueue(this, "Event.await");
    /** E1: tasks wait only while clear. */
    private boolean set;

    /** A clear event. */
    public Event() {
    }

    /**
     * Waits until the event is set; returns at once (after a checkpoint) when it already is.
     *
     * @throws CancelledError if the calling task is cancelled
     * @throws IllegalStateException if not called from a task
     * @suspends while clear; a checkpoint even when set
     * @cancellation nothing to undo: the event is not consumed
     * @asyncio {@code Event.wait()}
     */
    public void await() {
        RealTask<?> t = bound.task("Event.await()");
        t.checkpoint();
        if (!set) {
            waiters.park(t, null);
        }
    }

    /**
     * Sets the event and wakes every waiting task; idempotent.
     *
     * @throws WrongThreadException if called from another thread than the event's loop
     * @asyncio {@code Event.set()}
     */
    public void set() {
        bound.check("Event.set()");
        if (!set) {
            set = true;
            waiters.grantAll();
        }
    }

    /**
     * Clears the event: later {@link #await()} calls wait again.
     *
     * @throws WrongThreadException if called from another thread than the event's loop while it runs
     * @asyncio {@code Event.clear()}
     */
    public void clear() {
        bound.check("Event.clear()");
        set = false;
    }

    /**
     * Whether the event is set.
     *
     * @throws WrongThreadException if called from another thread than the event's loop while it runs
     * @asyncio {@code Event.is_set()}
     */
    public boolean isSet() {
        bound.check("Event.isSet()");
        return set;
    }

    /**
     * The number of tasks waiting for the event to be set, for metrics and tests.
     *
     * @throws WrongThreadException if called from another thread than the event's loop while it runs
     * @asyncio none; {@code len(event._waiters)}
     */
    public int waiting() {
        bound.check("Event.waiting()");
        return waiters.size();
    }

    @Override
    public void grantRefused(WaitQueue.Waiter w) {
        // a broadcast: nobody else was waiting for this waiter's share
    }

    @Override
    public String toString() {
        return "Event[" + (set ? "set" : "unset") + (waiters.isEmpty() ? "" : ", waiters=" + waiters.size()) + "]";
    }
}
