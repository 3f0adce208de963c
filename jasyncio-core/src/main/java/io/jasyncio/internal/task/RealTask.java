package io.jasyncio.internal.task;

import io.jasyncio.AsyncCallable;
import io.jasyncio.CancelledError;
import io.jasyncio.PinnedSuspensionException;
import io.jasyncio.Task;
import io.jasyncio.internal.engine.Fiber;
import io.jasyncio.internal.loop.Callback;

/**
 * A task: a future driven by a body on its own fiber.
 *
 * <p><b>Invariant</b> (as asyncio's Task): a suspended task waits on exactly one {@link Wait},
 * and exactly one wake-up ends the suspension ({@link #wake()} is idempotent per suspension).
 *
 * <p><b>Checkpoints.</b> Every suspending API calls {@link #checkpoint()} or
 * {@link #checkCancel()} on entry, even when it can complete without waiting: a pending
 * cancellation is delivered there, and the cooperative budget ({@link #BUDGET} operations that
 * never waited) forces a yield so a hot consumer cannot starve the loop (Tokio's coop budget).
 *
 * <p><b>Cancellation.</b> See {@link CancelFrame}. A request of a frame that is deliverable
 * (not behind a shield) while the task is suspended interrupts the wait through
 * {@link Wait#cancelWait}; the error is thrown when the task resumes. When the awaited future
 * completes with a value in the same iteration, the value is returned and the error waits for
 * the next checkpoint, so neither is lost.
 */
public final class RealTask<T> extends RealFuture<T>
        implements Task<T>, DoneListener, Runnable, Thread.UncaughtExceptionHandler {

    /** Operations that may complete without waiting before a forced yield. */
    public static final int BUDGET = 128;

    /** Debug mode: how long a task may keep running after its cancellation was delivered. */
    static final long SWALLOW_GRACE_NANOS = 1_000_000_000L;

    private final String name;
    /** An {@link AsyncCallable} or an {@link io.jasyncio.AsyncRunnable}; null once started. */
    private Object body;
    final Fiber fiber;
    /** The context-variable snapshot this task runs in; replaced by ContextVar.set. */
    Object context;

    // cancellation (loop-confined)
    /**
     * The task's own frame (cancel(), cancelling()), created on first use so a task that is
     * never cancelled and opens no scope does not carry one (the idle-task budget).
     */
    private CancelFrame root;
    /** The innermost frame; null while no frame exists. */
    private CancelFrame top;
    /** Number of pending frames on the stack (F2 of CancelFrame). */
    private int outstanding;
    private int cancelEpoch;
    /**
     * The earliest deadline among the frames on the stack whose expiry has not run yet, or
     * {@link Long#MAX_VALUE}: a checkpoint reads the clock only when this is set.
     */
    private long nearestDeadline = Long.MAX_VALUE;
    /**
     * For a child of a TaskGroup, the group's frame in the parent task: the deadlines of the
     * scopes the group sits in apply to the child too ({@link #effectiveDeadline}). Null otherwise,
     * and once the task is done.
     */
    private CancelFrame groupFrame;

    // suspension (loop-confined)
    private Wait waiting;
    private boolean suspended;
    private boolean woken;
    private int budget = BUDGET;

    /** Intrusive list of the loop's pending tasks (no allocation per task). */
    RealTask<?> prevTask, nextTask;
    /** Index in the children list of the TaskGroup it belongs to, or -1 (see RealTaskGroup). */
    private int groupSlot = -1;

    RealTask(RealEventLoop loop, String name, Object body, Object context) {
        super(loop);
        this.name = name;
        this.body = body;
        this.context = context;
        this.fiber = loop.fiberEngine().newFiber(name, this, this);
    }

    // ---------------------------------------------------------------- current task

    /**
     * The task running on the calling thread, or null.
     *
     * <p>Each task is its thread's uncaught-exception handler, which is how the thread leads
     * back to the task: no ThreadLocal, so no per-task map (about 140 bytes per task) and a
     * cheaper lookup. A task that replaces its thread's handler detaches the thread from
     * jasyncio (calls then fail as outside a task); see docs/semantics.md.
     */
    public static RealTask<?> current() {
        return Thread.currentThread().getUncaughtExceptionHandler() instanceof RealTask<?> t ? t : null;
    }

    /**
     * The task running on the calling thread, which must belong to {@code loop} (any loop when
     * null).
     *
     * @throws IllegalStateException if the caller is not a task
     * @throws WrongThreadException if the task belongs to another loop
     */
    public static RealTask<?> currentFor(RealEventLoop loop, String what) {
        RealTask<?> t = current();
        if (t == null) {
            throw new IllegalStateException(what + " suspends the calling task, so it must be called "
                    + "from a task running on an event loop (thread '" + Thread.currentThread().getName()
                    + "' is not one); run the code with Asyncio.run(() -> ...) or loop.createTask(...)");
        }
        if (loop != null && t.loop != loop) {
            throw new WrongThreadException(what + " on an object of " + loop + " from task '" + t.name
                    + "' of " + t.loop + ": a task only awaits objects of its own loop; hand values "
                    + "between loops with callSoonThreadsafe or a CompletableFuture");
        }
        return t;
    }

    // ---------------------------------------------------------------- body

    void start() {
        fiber.start();
    }

    /**
     * Loop context, the loop running: runs the body at once until its first suspension
     * ({@code LoopOptions.eagerTasks}). From a task of this loop, that task is suspended
     * meanwhile and resumes right after, ahead of everything queued; from a plain callback on
     * the driver, the body runs inside the callback.
     */
    void startEagerly() {
        RealTask<?> caller = current();
        if (caller != null && caller.loop == loop) {
            if (StepHooks.LISTENER != null) {
                StepHooks.ended(caller);
            }
            fiber.startNow(caller.fiber);
            if (StepHooks.LISTENER != null) {
                StepHooks.started(caller);
            }
        } else if (RealEventLoop.drivenByCurrentThread() == loop) {
            fiber.startNow(null);
        } else {
            fiber.start();
        }
    }

    /** The body, on the task's own thread; must not let anything escape (see {@link #uncaughtException}). */
    @Override
    public void run() {
        Object b = body;
        body = null;
        T v = null;
        Throwable failed = null;
        CancelledError cancelled = null;
        if (StepHooks.LISTENER != null) {
            StepHooks.started(this);
        }
        try {
            checkCancel();
            if (b instanceof AsyncCallable<?> c) {
                @SuppressWarnings("unchecked")
                T value = (T) c.call();
                v = value;
            } else {
                ((io.jasyncio.AsyncRunnable) b).run();
            }
        } catch (CancelledError e) {
            cancelled = e;
        } catch (Throwable t) {
            failed = t;
        }
        if (StepHooks.LISTENER != null) {
            StepHooks.ended(this);
        }
        if (cancelled != null) {
            complete(State.CANCELLED, null, null, cancelled.getMessage());
        } else if (failed != null) {
            failed.addSuppressed(new TaskTrace(this));
            complete(State.FAILED, null, failed, null);
            if (failed instanceof VirtualMachineError fatal) {
                // it leaves the loop through Asyncio.run: not a failure "never retrieved"
                retrieved();
                loop.abort(fatal);
            }
        } else if (root != null && root.pending) {
            // cancelled after its last suspension point: asyncio ends such a task cancelled too
            complete(State.CANCELLED, null, null, root.message);
        } else {
            if (root != null && root.delivered != null && root.requests > 0 && loop.debug()) {
                reportSwallowed("caught its CancelledError and returned normally, so it is not cancelled");
            }
            complete(State.FINISHED, v, null, null);
        }
    }

    /** Only reached if the task machinery itself failed; the body's failures are caught in {@link #run()}. */
    @Override
    public void uncaughtException(Thread t, Throwable e) {
        System.getLogger("io.jasyncio").log(System.Logger.Level.ERROR, "internal error in " + this, e);
    }

    @Override
    void onDone() {
        groupFrame = null;
        loop.taskDone(this);
    }

    @Override
    public String name() {
        return name;
    }

    // ---------------------------------------------------------------- suspension

    /** In the task: suspends until {@link #wake()}. The one place a task parks. */
    void suspend(Wait w) {
        CancelFrame r = root;
        if (r != null && r.delivered != null && r.requests > 0 && !r.swallowReported && loop.debug()
                && loop.time() - r.deliveredAt > SWALLOW_GRACE_NANOS) {
            reportSwallowed("is still running more than 1 s after its CancelledError was delivered");
        }
        waiting = w;
        woken = false;
        suspended = true;
        if (StepHooks.LISTENER != null) {
            StepHooks.ended(this);
        }
        try {
            fiber.park();
        } catch (io.jasyncio.internal.engine.PinnedSuspensionException e) {
            throw new PinnedSuspensionException(e.getMessage());
        } finally {
            suspended = false;
            waiting = null;
            if (StepHooks.LISTENER != null) {
                StepHooks.started(this);
            }
        }
        budget = BUDGET;
    }

    /** Loop context: ends the current suspension; ignored when not suspended or already woken. */
    public void wake() {
        if (suspended && !woken) {
            woken = true;
            fiber.unpark();
        }
    }

    /** A future this task awaits is done. */
    @Override
    public void futureDone(RealFuture<?> f) {
        wake();
    }

    /**
     * In the task: delivers a pending cancellation, then spends one unit of budget, yielding
     * when it is exhausted. Call on every path of a suspending API that does not suspend.
     */
    public void checkpoint() {
        checkCancel();
        if (--budget <= 0) {
            yieldNow();
        }
    }

    /**
     * In the task: throws the pending cancellation of the outermost deliverable frame, if any.
     * A deadline that is already due counts as pending even when its timer has not run yet (a
     * deadline in the past, or a clock that jumped while the task ran), so it is delivered here
     * and not one checkpoint later.
     */
    public void checkCancel() {
        if (nearestDeadline != Long.MAX_VALUE) {
            expireDue();
        }
        if (outstanding != 0) {
            CancelFrame f = nextDeliverable();
            if (f != null) {
                throw deliver(f);
            }
        }
    }

    /** In the task: goes to the back of the ready queue ({@code sleep(0)}). */
    public void yieldNow() {
        budget = BUDGET;
        if (StepHooks.LISTENER != null) {
            StepHooks.ended(this);
        }
        fiber.yieldNow();
        if (StepHooks.LISTENER != null) {
            StepHooks.started(this);
        }
        checkCancel();
    }

    /** In the task: waits for {@code f} and returns its value; see {@link io.jasyncio.AsyncFuture#await()}. */
    <R> R awaitFuture(RealFuture<R> f) {
        if (f == this) {
            throw new IllegalStateException(this + " cannot await itself: it would never finish");
        }
        if (f.isDone()) {
            checkCancel();
            if (--budget <= 0) {
                yieldNow();
            }
        } else {
            if (nearestDeadline != Long.MAX_VALUE) {
                expireDue();
            }
            CancelFrame pending = outstanding != 0 ? nextDeliverable() : null;
            if (pending != null) {
                // bpo-34872: a cancellation already pending when the wait starts reaches what the
                // task awaits, as one arriving during the wait does: an awaited task is cancelled
                // and awaited to its end instead of being left running
                f.cancelWait(this, pending.message);
            }
            if (!f.isDone()) {
                f.addListener(this);
                try {
                    suspend(f);
                } finally {
                    if (!f.isDone()) {
                        f.removeListener(this);
                    }
                }
            }
            if (pending != null) {
                checkCancel();
            }
        }
        if (f.isCancelled()) {
            checkCancel();
            throw loop.cancelledError(f.cancelMessage());
        }
        return f.result();
    }

    /** In the task: sleeps {@code nanos} of loop time; {@code <= 0} is a plain yield. */
    public void sleep(long nanos) {
        checkCancel();
        if (nanos <= 0) {
            yieldNow();
            return;
        }
        SleepTimer timer = new SleepTimer(this);
        loop.addTimer(timer, loop.time() + nanos);
        suspend(timer);
        checkCancel();
    }

    /** Wakes its task when due; cancelling the task drops it. */
    private static final class SleepTimer extends Callback implements Wait {
        private final RealTask<?> task;

        SleepTimer(RealTask<?> task) {
            super(task.loop);
            this.task = task;
        }

        @Override
        public void run() {
            if (!isCancelled()) {
                task.wake();
            }
        }

        @Override
        public void cancelWait(RealTask<?> waiter, String message) {
            cancel();
            waiter.wake();
        }

        @Override
        public String toString() {
            return "sleep";
        }
    }

    /**
     * Suspends on a custom wait (a queue, a lock); the caller registers the wake-up source first.
     */
    public void suspendOn(Wait w) {
        suspend(w);
    }

    // ---------------------------------------------------------------- cancellation

    @Override
    public boolean cancel(String message) {
        checkLoop("cancel");
        if (isDone()) {
            return false;
        }
        requestCancel(root(), message);
        return true;
    }

    /** Used when this task is awaited by a task that is being cancelled: forward the request. */
    @Override
    public void cancelWait(RealTask<?> waiter, String message) {
        cancel(message);
    }

    /**
     * Requests cancellation of frame {@code f} of this task; interrupts the current wait when
     * {@code f} is deliverable now. Loop context.
     */
    public void requestCancel(CancelFrame f, String message) {
        if (isDone() || !f.onStack) {
            return;
        }
        f.requests++;
        f.message = message;
        f.requestEpoch = ++cancelEpoch;
        if (!f.pending) {
            f.pending = true;
            outstanding++;
        }
        if (suspended && !woken && deliverable(f)) {
            Wait w = waiting;
            if (w != null) {
                w.cancelWait(this, message);
            }
        }
    }

    /**
     * Sets the deadline of frame {@code f} ({@link Long#MAX_VALUE}: none); {@code onDue} expires
     * the owning scope and runs at most once, through {@link #expireFrame}. Loop context.
     */
    public void armDeadline(CancelFrame f, long when, Runnable onDue) {
        f.deadline = when;
        f.onDue = when == Long.MAX_VALUE ? null : onDue;
        recomputeNearestDeadline();
    }

    /** Runs the expiry of {@code f} unless it already ran: from its timer or from a checkpoint. */
    public void expireFrame(CancelFrame f) {
        Runnable r = f.onDue;
        if (r != null) {
            f.onDue = null;
            recomputeNearestDeadline();
            r.run();
        }
    }

    /** In the task: expires every frame whose deadline is due, before its timer does. */
    private void expireDue() {
        long now = loop.time();
        if (nearestDeadline > now) {
            return;
        }
        for (CancelFrame c = top; c != null; c = c.parent) {
            if (c.onDue != null && c.deadline <= now) {
                expireFrame(c);
            }
        }
    }

    private void recomputeNearestDeadline() {
        long d = Long.MAX_VALUE;
        for (CancelFrame c = top; c != null; c = c.parent) {
            if (c.onDue != null) {
                d = Math.min(d, c.deadline);
            }
        }
        nearestDeadline = d;
    }

    private boolean deliverable(CancelFrame f) {
        for (CancelFrame c = top; c != null; c = c.parent) {
            if (c == f) {
                return true;
            }
            if (c.shield) {
                return false;
            }
        }
        return false;
    }

    /** The outermost pending frame not hidden behind a shield, or null. */
    private CancelFrame nextDeliverable() {
        CancelFrame found = null;
        for (CancelFrame c = top; c != null; c = c.parent) {
            if (c.pending) {
                found = c;
            }
            if (c.shield) {
                break;
            }
        }
        return found;
    }

    private CancelledError deliver(CancelFrame f) {
        f.pending = false;
        outstanding--;
        CancelledError e = loop.cancelledError(f.message);
        f.delivered = e;
        f.deliveredAt = loop.time();
        f.swallowReported = false;
        return e;
    }

    /**
     * Debug mode: the task swallowed its cancellation. The report's exception is the delivered
     * {@code CancelledError}, whose stack shows where it was delivered.
     */
    private void reportSwallowed(String what) {
        root.swallowReported = true;
        loop.report("Task '" + name + "' " + what + " (cancelling()=" + root.requests + "); rethrow the "
                + "CancelledError, or call uncancel() if ignoring it is intended. It was delivered at the "
                + "stack below", root.delivered, this, this, null);
    }

    @Override
    public int cancelling() {
        return root == null ? 0 : root.requests;
    }

    @Override
    public int uncancel() {
        CancelFrame root = this.root;
        if (root == null) {
            return 0;
        }
        if (root.requests > 0 && --root.requests == 0) {
            root.delivered = null;
            if (root.pending) {
                root.pending = false;
                outstanding--;
            }
        }
        return root.requests;
    }

    /** The root frame, created on first use at the bottom of the stack. */
    private CancelFrame root() {
        CancelFrame r = root;
        if (r == null) {
            // only ever created while the stack is empty: pushFrame creates it first
            // owned by the task, so a walk that reaches it from a child can go on (effectiveDeadline)
            r = new CancelFrame(null, false, this);
            r.onStack = true;
            root = r;
            top = r;
        }
        return r;
    }

    /** Pushes a new scope frame; in the task. */
    public CancelFrame pushFrame(boolean shield, Object owner) {
        root();
        CancelFrame f = new CancelFrame(top, shield, owner);
        f.entryEpoch = cancelEpoch;
        f.onStack = true;
        top = f;
        return f;
    }

    /**
     * Pops {@code f}, which must be the top frame, and decides what leaves the scope.
     *
     * <p>If {@code thrown} is {@code f}'s own cancellation, the scope may convert it (return
     * value {@code null}) unless an enclosing frame was cancelled after {@code f} was entered:
     * then that outer cancellation is delivered instead (returned), so an inner timeout can
     * never swallow an outer cancel. Anything else is returned unchanged.
     *
     * @return the throwable to propagate, or null when {@code thrown} was {@code f}'s own and the
     *     scope should convert it
     */
    public Throwable popFrame(CancelFrame f, Throwable thrown) {
        if (top != f) {
            throw new IllegalStateException("cancel scopes must close in the reverse order they were "
                    + "opened: closing " + f + " while " + top + " is innermost");
        }
        top = f.parent;
        f.onStack = false;
        if (f.onDue != null) {
            f.onDue = null;
            recomputeNearestDeadline();
        }
        if (f.pending) {
            f.pending = false;
            outstanding--;
        }
        if (!f.isOwn(thrown)) {
            return thrown;
        }
        CancelFrame outer = null;
        for (CancelFrame c = top; c != null; c = c.parent) {
            if (c.requests > 0 && c.requestEpoch > f.entryEpoch) {
                outer = c;
            }
            if (c.shield) {
                break;
            }
        }
        if (outer == null) {
            return null;
        }
        if (outer.pending) {
            return deliver(outer);
        }
        CancelledError e = loop.cancelledError(outer.message);
        outer.delivered = e;
        e.addSuppressed(thrown);
        return e;
    }

    /**
     * Called after popping {@code f} by a scope that ends with a failure instead of the enclosing
     * cancellation {@code received}: that frame, and every enclosing frame (up to a shield)
     * cancelled while {@code f} was on the stack, is made pending again, so the cancellation is
     * raised at the task's next checkpoint instead of being lost (asyncio 3.13's TaskGroup
     * un-cancels and re-cancels its parent task for the same reason). Withdrawn requests
     * ({@link #uncancel}) stay withdrawn.
     */
    public void keepOuterCancellations(CancelFrame f, CancelledError received) {
        for (CancelFrame c = top; c != null; c = c.parent) {
            if (c.requests > 0 && !c.pending && (c.requestEpoch > f.entryEpoch || c.delivered == received)) {
                c.pending = true;
                outstanding++;
            }
            if (c.shield) {
                break;
            }
        }
    }

    /**
     * The nearest deadline among the frames whose cancellation would reach the task now, or
     * {@link Long#MAX_VALUE}. A child of a TaskGroup lives under the scopes its group sits in
     * (their expiry cancels the group, and so the child), so the walk goes on from the group's
     * frame in the parent task, up to the first shield.
     */
    public long effectiveDeadline() {
        long d = Long.MAX_VALUE;
        CancelFrame c = top;
        CancelFrame outer = groupFrame;
        while (true) {
            for (; c != null; c = c.parent) {
                d = Math.min(d, c.deadline);
                if (c.shield) {
                    return d;
                }
                if (c.parent == null && c.owner instanceof RealTask<?> owner) {
                    outer = owner.groupFrame; // the root of an enclosing task: go on past its group
                }
            }
            if (outer == null) {
                return d;
            }
            c = outer;
            outer = null;
        }
    }

    /** Makes this new task a child of the group whose frame is {@code f}; see {@link #effectiveDeadline}. */
    public void inheritDeadlines(CancelFrame f) {
        groupFrame = f;
    }

    // ---------------------------------------------------------------- introspection

    @Override
    public StackTraceElement[] stack() {
        if (!suspended || isDone()) {
            return new StackTraceElement[0];
        }
        return fiber.thread().getStackTrace();
    }

    /** Index in its group's children list, or -1; the group's bookkeeping, loop-confined. */
    public int groupSlot() {
        return groupSlot;
    }

    public void groupSlot(int slot) {
        groupSlot = slot;
    }

    public void context(Object c) {
        context = c;
    }

    public RealEventLoop realLoop() {
        return loop;
    }

    @Override
    public void setResult(T value) {
        throw new UnsupportedOperationException(this + ": a task's result is the value its body returns");
    }

    @Override
    public void setException(Throwable exception) {
        throw new UnsupportedOperationException(this + ": a task fails when its body throws");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Task[").append(name).append(", ");
        switch (state()) {
            case PENDING -> {
                sb.append("pending");
                if (suspended && waiting != null) {
                    sb.append(", awaiting ").append(waiting);
                }
                if (cancelling() > 0) {
                    sb.append(", cancelling=").append(cancelling());
                }
            }
            case FINISHED -> sb.append("finished");
            case FAILED -> sb.append("failed");
            case CANCELLED -> sb.append("cancelled");
        }
        return sb.append(']').toString();
    }

    /** Marks a failure with the task it escaped from; a chain of them reads like a traceback. */
    private static final class TaskTrace extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TaskTrace(RealTask<?> t) {
            super("raised in task '" + t.name + "'", null, false, false);
        }
    }
}
