package io.jasyncio.internal.sync;

import io.jasyncio.internal.task.RealEventLoop;
import io.jasyncio.internal.task.RealTask;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The loop a coordination primitive belongs to: bound on its first use from a loop's context (a
 * task or a callback of a running loop), whatever the call, suspending or not (asyncio's
 * {@code _LoopBoundMixin}, which binds only on waits). A primitive may be created, and prepared
 * (a queue prefilled), on any thread before a loop uses it; from then on it is used from that
 * loop only.
 *
 * <p><b>Cost.</b> Once bound, {@link #check} is one test of the bound loop's context (a field
 * read and a thread comparison); binding is the slow path and happens once.
 *
 * <p><b>Threads.</b> {@link #loop} is written once, by compare-and-set, so two loops that race
 * for the first use cannot both bind; a thread that still reads {@code null} takes the slow
 * path, whose CAS sees the winner. After binding, loop-confined.
 */
public final class LoopBound {
    private static final VarHandle LOOP;

    static {
        try {
            LOOP = MethodHandles.lookup().findVarHandle(LoopBound.class, "loop", RealEventLoop.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Object owner;
    /** Set once (CAS), by the first use from a loop's context; read plainly on the fast path. */
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
        RealEventLoop l = loop;
        RealTask<?> t = RealTask.currentFor(l, what);
        if (l == null && !LOOP.compareAndSet(this, null, t.realLoop())) {
            // another loop bound it first: the same check as when it was bound before the call
            RealTask.currentFor((RealEventLoop) LOOP.getVolatile(this), what);
        }
        return t;
    }

    /**
     * For operations that never suspend ({@code release}, {@code putNowait}, {@code size}): binds
     * the primitive on first use from a loop's context, and throws unless called in the bound
     * loop's context (or while that loop does not run).
     *
     * @throws WrongThreadException if called from another thread than the bound loop's while it runs
     */
    public void check(String what) {
        RealEventLoop l = loop;
        if (l == null) {
            bindToCaller(what);
        } else if (!l.mayTouch()) {
            throw wrongThread(l, what);
        }
    }

    /** First use, or a caller outside any loop before one: binds to the caller's loop, if any. */
    private void bindToCaller(String what) {
        RealTask<?> t = RealTask.current();
        RealEventLoop mine = t != null ? t.realLoop() : RealEventLoop.drivenByCurrentThread();
        // no loop on this thread: preparing the primitive before a loop uses it is allowed
        if (mine != null && !LOOP.compareAndSet(this, null, mine)) {
            // another loop bound it first: the same check as when it was bound before the call
            RealEventLoop winner = (RealEventLoop) LOOP.getVolatile(this);
            if (!winner.mayTouch()) {
                throw wrongThread(winner, what);
            }
        }
    }

    private WrongThreadException wrongThread(RealEventLoop l, String what) {
        return new WrongThreadException(what + " on " + owner + " was called from thread '"
                + Thread.currentThread().getName() + "', but it belongs to " + l
                + ", which is not thread-safe; from other threads use loop.callSoonThreadsafe(() -> ...)");
    }
}
