package io.jasyncio.internal.sync;

import io.jasyncio.internal.task.RealEventLoop;
import io.jasyncio.internal.task.RealTask;

/**
 * The loop a coordination primitive belongs to: bound on first use from a task (asyncio's
 * {@code _LoopBoundMixin}), so a primitive may be created anywhere, even before a loop exists,
 * but is then used from one loop only. Loop-confined after binding.
 */
public final class LoopBound {
    private final Object owner;
    /** Set once, by the first task that uses the primitive. */
    private RealEventLoop loop;

    public LoopBound(Object owner) {
        this.owner = owner;
    }

    /**
     * The calling task, after binding the loop on first use.
     *
     * @throws IllegalStateException if the caller is not a task
     * @throws WrongThreadException if the task belongs to another loop than the bound one
     */
    public RealTask<?> task(String what) {
        RealTask<?> t = RealTask.currentFor(loop, what);
        if (loop == null) {
            loop = t.realLoop();
        }
        return t;
    }

    /**
     * For operations that never suspend ({@code release}, {@code putNowait}): throws unless
     * called in the bound loop's context (or while that loop does not run).
     *
     * @throws WrongThreadException if called from another thread than the bound loop's
     */
    public void check(String what) {
        RealEventLoop l = loop;
        if (l != null && !l.mayTouch()) {
            throw new WrongThreadException(what + " on " + owner + " was called from thread '"
                    + Thread.currentThread().getName() + "', but it belongs to " + l
                    + ", which is not thread-safe; from other threads use loop.callSoonThreadsafe(() -> ...)");
        }
    }

    /** The bound loop, or null before first use. */
    public RealEventLoop loop() {
        return loop;
    }
}
