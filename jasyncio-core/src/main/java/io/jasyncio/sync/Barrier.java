package io.jasyncio.sync;

import io.jasyncio.CancelledError;
import io.jasyncio.internal.sync.LoopBound;
import io.jasyncio.internal.sync.WaitQueue;
import io.jasyncio.internal.task.RealTask;

/**
 * A meeting point for a fixed number of tasks: each {@link #await()} waits until
 * {@link #parties()} tasks have arrived, then all continue, and the barrier is ready for the
 * next round.
 *
 * <p><b>States.</b> Filling (tasks arrive), then tripped (the last arrival releases everyone
 * and a new round starts at once), or broken after {@link #abort()} until {@link #reset()}.
 * <pre>
 *   filling --last arrival--> filling (next round)
 *   filling --abort()-------> broken --reset()--> filling
 *   filling --reset()-------> filling (waiters get BarrierBrokenException)
 * </pre>
 *
 * <p><b>Cancellation.</b> A task cancelled while it waits leaves the round (one fewer has
 * arrived); the barrier is not broken. One cancelled in the iteration the round tripped raises
 * {@link CancelledError}; the others continue.
 *
 * <p><b>Threads.</b> Loop-confined (bound on first use).
 *
 * <p><b>Comparison.</b> asyncio's {@code Barrier}, with {@code wait()} named {@link #await()} as
 * in {@code java.util.concurrent.CyclicBarrier}.
 *
 * @asyncio {@code asyncio.Barrier}
 */
public final class Barrier implements WaitQueue.Owner {
    private final LoopBound bound = new LoopBound(this);
    private final WaitQueue waiters = new WaitQueue(this, "Barrier.await");
    private final int parties;
    /** B1: {@code arrived == waiters.size()} while not broken; every round has {@code arrived < parties}. */
    private int arrived;
    private boolean broken;

    /**
     * A barrier for {@code parties} tasks.
     *
     * @throws IllegalArgumentException if {@code parties < 1}
     */
    public Barrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("Barrier needs at least 1 party, got " + parties);
        }
        this.parties = parties;
    }

    /**
     * Arrives and waits until {@link #parties()} tasks have arrived.
     *
     * @return the arrival index in this round, 0 for the first, {@code parties() - 1} for the last
     * @throws BarrierBrokenException if the barrier is broken, or is aborted or reset while waiting
     * @throws CancelledError if the calling task is cancelled while it waits
     * @suspends until the round is complete; a checkpoint for the last arrival
     * @cancellation the task leaves the round; the barrier is not broken
     * @asyncio {@code Barrier.wait()}
     */
    public int await() {
        RealTask<?> t = bound.task("Barrier.await()");
        t.checkpoint();
        if (broken) {
            throw new BarrierBrokenException(this + " is broken: call reset() before using it again");
        }
        int index = arrived;
        if (index + 1 == parties) {
            arrived = 0;
            waiters.grantAll();
            return index;
        }
        arrived++;
        try {
            waiters.park(t, null);
        } catch (CancelledError e) {
            if (arrived > waiters.size()) {
                arrived--;   // left while the round was filling
            }
            throw e;
        }
        return index;
    }

    /**
     * Breaks the barrier: waiting tasks and later arrivals get {@link BarrierBrokenException}
     * until {@link #reset()}.
     *
     * @throws WrongThreadException if called from another thread than the barrier's loop while it runs
     * @asyncio {@code Barrier.abort()}
     */
    public void abort() {
        bound.check("Barrier.abort()");
        broken = true;
        arrived = 0;
        waiters.failAll(new BarrierBrokenException(this + " was aborted while the task waited"));
    }

    /**
     * Starts over: waiting tasks get {@link BarrierBrokenException}, and the barrier is usable
     * again (also after {@link #abort()}).
     *
     * @throws WrongThreadException if called from another thread than the barrier's loop while it runs
     * @asyncio {@code Barrier.reset()}
     */
    public void reset() {
        bound.check("Barrier.reset()");
        arrived = 0;
        broken = false;
        waiters.failAll(new BarrierBrokenException("Barrier was reset while the task waited"));
    }

    /**
     * The number of tasks a round needs; fixed, so readable from any thread.
     *
     * @asyncio {@code Barrier.parties}
     */
    public int parties() {
        return parties;
    }

    /**
     * The number of tasks waiting in the current round.
     *
     * @throws WrongThreadException if called from another thread than the barrier's loop while it runs
     * @asyncio {@code Barrier.n_waiting}
     */
    public int waiting() {
        bound.check("Barrier.waiting()");
        return waiters.size();
    }

    /**
     * Whether the barrier is broken.
     *
     * @throws WrongThreadException if called from another thread than the barrier's loop while it runs
     * @asyncio {@code Barrier.broken}
     */
    public boolean isBroken() {
        bound.check("Barrier.isBroken()");
        return broken;
    }

    @Override
    public void grantRefused(WaitQueue.Waiter w) {
        // the round completed; the others continue without this task
    }

    @Override
    public String toString() {
        return "Barrier[" + (broken ? "broken" : "filling") + ", waiters=" + waiters.size() + "/" + parties + "]";
    }
}
