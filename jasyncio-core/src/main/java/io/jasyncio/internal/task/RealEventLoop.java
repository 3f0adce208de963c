package io.jasyncio.internal.task;

import io.jasyncio.AsyncCallable;
import io.jasyncio.AsyncRunnable;
import io.jasyncio.AsyncFuture;
import io.jasyncio.CancelledError;
import io.jasyncio.Awaitable;
import io.jasyncio.EngineKind;
import io.jasyncio.EventLoop;
import io.jasyncio.ExceptionContext;
import io.jasyncio.ExceptionHandler;
import io.jasyncio.Handle;
import io.jasyncio.LoopOptions;
import io.jasyncio.Task;
import io.jasyncio.TimerHandle;
import io.jasyncio.internal.debug.Watchdog;
import io.jasyncio.internal.engine.Engine;
import io.jasyncio.internal.engine.Fiber;
import io.jasyncio.internal.engine.LoopEngine;
import io.jasyncio.internal.engine.PortableEngine;
import io.jasyncio.internal.loop.Callback;
import io.jasyncio.internal.loop.SelectorLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The event loop: {@link SelectorLoop}'s mechanics plus tasks, futures, the exception handler
 * and running/closing.
 *
 * <p>Pending tasks are kept on an intrusive list (no allocation per task), which is also what
 * keeps them strongly reachable. Closing reports failures never retrieved and tasks still
 * pending.
 */
public final class RealEventLoop extends SelectorLoop implements EventLoop {
    private static final System.Logger LOG = System.getLogger("io.jasyncio");
    private static final AtomicLong TASK_IDS = new AtomicLong();
    /**
     * The loop the calling thread drives, so that plain callbacks (which run on the driver, not
     * in a task) find their loop: EventLoopTest#asyncioRunningLoopAndCreateTaskWorkFromAPlainCallback.
     */
    private static final ThreadLocal<RealEventLoop> DRIVEN = new ThreadLocal<>();

    private final FailureTracker failures = new FailureTracker(this);
    private final EngineKind engineKind;
    /** {@link LoopOptions#eagerTasks()}. */
    private final boolean eagerTasks;
    /** Head of the pending-task list. Loop-confined. */
    private RealTask<?> firstTask;
    private int taskCount;
    private volatile ExceptionHandler handler;
    private volatile boolean running;
    /** Resources closed with the loop (executors, ...), in reverse order of registration. */
    private final java.util.LinkedHashSet<AutoCloseable> closeables = new java.util.LinkedHashSet<>();
    /** Created on first use; shut down with the loop. */
    private java.util.concurrent.ExecutorService defaultExecutor;
    /** Set by {@link #shutdownDefaultExecutor}: no new default executor after it. */
    private boolean defaultExecutorShutDown;
    /** A VirtualMachineError from a task or callback that ends the run; see {@link #abort}. Loop-confined. */
    private VirtualMachineError fatal;

    public RealEventLoop(LoopOptions options) {
        this(options.engine() != null ? options.engine() : Settings.defaultEngine(), options);
    }

    private RealEventLoop(EngineKind kind, LoopOptions options) {
        super(host -> newEngine(kind, host), options.clock(), options.inboxCapacity(),
                options.scheduleSeed());
        this.engineKind = kind;
        this.eagerTasks = options.eagerTasks();
        debug(options.debug());
        slowThresholdNanos(options.slowCallbackThreshold().toNanos());
    }

    private static Engine newEngine(EngineKind kind, io.jasyncio.internal.engine.Host host) {
        return kind == EngineKind.LOOP ? new LoopEngine(host) : new PortableEngine(host);
    }

    Engine fiberEngine() {
        return engine;
    }

    FailureTracker failures() {
        return failures;
    }

    // ---------------------------------------------------------------- thread confinement

    @Override
    protected boolean ownsCurrentFiber() {
        RealTask<?> t = RealTask.current();
        return t != null && t.loop == this && driverThread() != null;
    }

    /** Throws unless the caller may use loop-confined state: the loop context, or any thread before it runs. */
    void checkThread(String what) {
        if (!mayTouch()) {
            wrongThread(what);
        }
    }

    /** Whether the caller may use loop-confined state: the loop context, or any thread before it runs. */
    public boolean mayTouch() {
        return driverThread() == null || inLoopContext();
    }

    void wrongThread(String what) {
        Thread d = driverThread();
        throw new WrongThreadException(what + " was called from thread '" + Thread.currentThread().getName()
                + "', but " + this + " runs on '" + (d == null ? "?" : d.getName())
                + "'; from other threads use loop.callSoonThreadsafe(() -> ...)");
    }

    private void checkOpen() {
        if (isClosed()) {
            throw closedError();
        }
    }

    private IllegalStateException closedError() {
        return new IllegalStateException(this + " is closed: create a new loop, or use Asyncio.run(...)");
    }

    // ---------------------------------------------------------------- callbacks

    @Override
    public Handle callSoon(Runnable callback) {
        checkThread("callSoon");
        checkOpen();
        Callback c = new Callback(this, Objects.requireNonNull(callback, "callback"), currentContext());
        schedule(c);
        return c;
    }

    /** Schedules {@code action} in a given context; loop context. */
    void callSoonIn(Object context, Runnable action) {
        schedule(new Callback(this, action, context));
    }

    @Override
    public TimerHandle callLater(Duration delay, Runnable callback) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("callLater delay must not be negative, got " + delay);
        }
        return callAt(time() + saturatedNanos(delay), callback);
    }

    /** {@code d} in nanoseconds, saturated at {@link Long#MAX_VALUE} / 2 so sums cannot overflow. */
    public static long saturatedNanos(Duration d) {
        try {
            return Math.min(d.toNanos(), Long.MAX_VALUE / 2);
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE / 2 : Long.MAX_VALUE / 2;
        }
    }

    @Override
    public TimerHandle callAt(long when, Runnable callback) {
        checkThread("callAt");
        checkOpen();
        Callback c = new Callback(this, Objects.requireNonNull(callback, "callback"), currentContext());
        addTimer(c, when);
        return c;
    }

    @Override
    public Handle callSoonThreadsafe(Runnable callback) {
        checkOpen();
        Callback c = new ThreadsafeCallback(this, Objects.requireNonNull(callback, "callback"), currentContext());
        if (!submitFromOutside(c)) {
            throw closedError();
        }
        return c;
    }

    /**
     * A {@code callSoonThreadsafe} callback: once accepted it runs, even when the loop closes
     * before it got to it ({@link #close()} runs the leftovers).
     */
    private static final class ThreadsafeCallback extends Callback {
        ThreadsafeCallback(RealEventLoop loop, Runnable action, Object context) {
            super(loop, action, context);
        }
    }

    @Override
    public int inboxDepth() {
        return inboxSize();
    }

    /**
     * The context of the code calling now: the running task's or callback's, or the calling
     * thread's own (the thread that calls {@code Asyncio.run} hands its context to the main task).
     */
    Object currentContext() {
        return Contexts.currentRaw();
    }

    // ---------------------------------------------------------------- tasks and futures

    @Override
    public <T> Task<T> createTask(String name, AsyncCallable<T> body) {
        return newTask(name, Objects.requireNonNull(body, "body"), eagerTasks);
    }

    /** {@code createTask} for a body without a value, with no wrapper object around it. */
    public Task<Void> createRunnableTask(String name, AsyncRunnable body) {
        return newTask(name, Objects.requireNonNull(body, "body"), eagerTasks);
    }

    /**
     * {@code createTask} whose body starts in a later iteration even when eager start is on: for
     * callers that must record the task before its body can run ({@code TaskGroup.start}).
     */
    public <T> Task<T> createLazyTask(String name, AsyncCallable<T> body) {
        return newTask(name, Objects.requireNonNull(body, "body"), false);
    }

    /** @param body an {@link AsyncCallable} or an {@link AsyncRunnable} */
    private <T> Task<T> newTask(String name, Object body, boolean eager) {
        checkThread("createTask");
        checkOpen();
        String n = name != null ? name : "Task-" + TASK_IDS.incrementAndGet();
        RealTask<T> t = new RealTask<>(this, n, body, currentContext());
        linkTask(t);
        if (eager && isRunning()) {
            t.startEagerly();
        } else {
            t.start();
        }
        return t;
    }

    @Override
    public <T> AsyncFuture<T> createFuture() {
        return new RealFuture<>(this);
    }

    private void linkTask(RealTask<?> t) {
        t.nextTask = firstTask;
        if (firstTask != null) {
            firstTask.prevTask = t;
        }
        firstTask = t;
        taskCount++;
    }

    /** A task finished: unlink it (it is no longer kept reachable by the loop). */
    void taskDone(RealTask<?> t) {
        if (t.prevTask != null) {
            t.prevTask.nextTask = t.nextTask;
        } else if (firstTask == t) {
            firstTask = t.nextTask;
        } else {
            return;
        }
        if (t.nextTask != null) {
            t.nextTask.prevTask = t.prevTask;
        }
        t.prevTask = t.nextTask = null;
        taskCount--;
    }

    @Override
    public Set<Task<?>> allTasks() {
        checkThread("allTasks");
        Set<Task<?>> s = new LinkedHashSet<>();
        for (RealTask<?> t = firstTask; t != null; t = t.nextTask) {
            s.add(t);
        }
        return Collections.unmodifiableSet(s);
    }

    /** Number of pending tasks. */
    public int taskCount() {
        return taskCount;
    }

    /** Turns an awaitable into a future of this loop: itself, or a task that awaits it. */
    @SuppressWarnings("unchecked")
    public <T> RealFuture<T> ensureFuture(Awaitable<T> aw) {
        if (aw instanceof RealFuture<?> f) {
            if (f.loop != this) {
                throw new IllegalArgumentException(f + " belongs to " + f.loop + ", not to " + this);
            }
            return (RealFuture<T>) f;
        }
        return (RealFuture<T>) createTask(null, aw::await);
    }

    // ---------------------------------------------------------------- running

    @Override
    public <T> T runUntilComplete(Awaitable<T> awaitable) {
        checkCanRun();
        RealFuture<T> f = ensureFuture(awaitable);
        DoneListener stopper = done -> requestStop();
        f.addListener(stopper);
        try {
            runForever();
        } finally {
            f.removeListener(stopper);
        }
        if (!f.isDone()) {
            throw new IllegalStateException(this + " stopped before the awaitable completed: stop() was called");
        }
        return f.result();
    }

    private void checkCanRun() {
        checkOpen();
        if (running) {
            throw new IllegalStateException(this + " is already running: await the work from a task of it "
                    + "instead of running the loop again");
        }
        RealTask<?> t = RealTask.current();
        if (t != null) {
            throw new IllegalStateException("cannot run " + this + " from inside task '" + t.name()
                    + "': a loop cannot be run from a running loop's task; await the work, or use "
                    + "createTask(...)");
        }
        // a plain callback runs on the driver, not in a task: a nested run would stall the outer
        // loop (ClearErrorsTest#runningALoopFromAPlainCallbackIsRefused)
        RealEventLoop driving = DRIVEN.get();
        if (driving != null) {
            throw new IllegalStateException("cannot run " + this + " from a callback of running " + driving
                    + ": a loop cannot be run from inside another; schedule the work with createTask(...)");
        }
    }

    @Override
    public void runForever() {
        checkCanRun();
        if (engine.wantsVirtualDriver() != Thread.currentThread().isVirtual()) {
            runOnDriverThread();
        } else {
            runHere();
        }
    }

    /**
     * The loop engine needs a platform thread to carry its tasks; the portable engine wants a
     * virtual one so that hand-offs are continuation switches. When the caller's thread is the
     * wrong kind, the loop runs on a new thread of the right kind and the caller waits for it.
     */
    private void runOnDriverThread() {
        Throwable[] failure = new Throwable[1];
        Runnable r = () -> {
            try {
                runHere();
            } catch (Throwable t) {
                failure[0] = t;
            }
        };
        String name = "jasyncio-loop-" + id();
        Thread t = engine.wantsVirtualDriver() ? Thread.ofVirtual().name(name).start(r)
                : Thread.ofPlatform().name(name).start(r);
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure[0] instanceof RuntimeException re) {
            throw re;
        }
        if (failure[0] instanceof Error e) {
            throw e;
        }
    }

    private void runHere() {
        running = true;
        enterRun();
        DRIVEN.set(this);
        Watchdog.watch(this);
        try {
            do {
                runOnce();
                failures.pollCollected();
            } while (!stopRequested());
            VirtualMachineError f = fatal;
            if (f != null) {
                fatal = null;
                throw f;
            }
        } finally {
            Watchdog.unwatch(this);
            DRIVEN.remove();
            exitRun();
            running = false;
        }
    }

    /** The loop whose driver thread is the caller (a plain callback runs there), or null. */
    public static RealEventLoop drivenByCurrentThread() {
        return DRIVEN.get();
    }

    @Override
    public void stop() {
        if (mayTouch()) {
            requestStop();
        } else {
            scheduleFromOutside(this::requestStop);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * The executor {@code toThread} uses: one new virtual thread per call. Loop context. Closing
     * the loop only shuts it down (asyncio's {@code shutdown(wait=False)}); waiting for its
     * calls is {@link #shutdownDefaultExecutor}'s job.
     */
    public java.util.concurrent.ExecutorService defaultExecutor() {
        if (defaultExecutor == null) {
            if (defaultExecutorShutDown) {
                throw new IllegalStateException(this + ": the default executor was shut down; "
                        + "toThread() is no longer available on this loop");
            }
            java.util.concurrent.ExecutorService e = Offload.newDefaultExecutor(this);
            defaultExecutor = e;
            closeWithLoop(e::shutdown);
        }
        return defaultExecutor;
    }

    /** The default executor if it was created, else null. */
    java.util.concurrent.ExecutorService defaultExecutorOrNull() {
        return defaultExecutor;
    }

    /** Whether a default executor exists (so {@code Asyncio.run} knows whether to wait for it). */
    boolean hasDefaultExecutor() {
        return defaultExecutor != null;
    }

    @Override
    public void shutdownDefaultExecutor(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("shutdownDefaultExecutor timeout must not be negative, got " + timeout);
        }
        RealTask.currentFor(this, "shutdownDefaultExecutor()");
        defaultExecutorShutDown = true;
        java.util.concurrent.ExecutorService e = defaultExecutor;
        defaultExecutor = null;
        Offload.shutdownDefaultExecutor(this, e, timeout);
    }

    /** Registers a resource closed with the loop (executors), last registered first closed. Loop context. */
    public void closeWithLoop(AutoCloseable c) {
        closeables.add(c);
    }

    /** Undoes {@link #closeWithLoop} for a resource that was closed before the loop. Loop context. */
    public void forgetOnClose(AutoCloseable c) {
        closeables.remove(c);
    }

    @Override
    public void close() {
        if (running) {
            throw new IllegalStateException("cannot close " + this + " while it runs: call stop() first, "
                    + "or let Asyncio.run() close it");
        }
        if (isClosed()) {
            return;
        }
        // callbacks accepted from other threads before the gate shut must not vanish (issue 10):
        // they run now, on the closing thread; the loop already counts as closed, so whatever they
        // try to schedule is refused with the usual "is closed" error
        for (Runnable r : shutInbox()) {
            if (r instanceof ThreadsafeCallback c) {
                try {
                    c.run();
                } catch (Throwable t) {
                    reportCallbackFailure(c, t);
                }
            }
        }
        for (AutoCloseable c : List.copyOf(closeables).reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                report("error while closing " + c, e, null, null, null);
            }
        }
        closeables.clear();
        failures.reportAll();
        for (RealTask<?> t = firstTask; t != null; t = t.nextTask) {
            report("Task was destroyed but it is pending: " + t + " (the loop closed; cancel and await "
                    + "tasks before closing, as Asyncio.run() does)", null, t, t, null);
        }
        firstTask = null;
        closeMechanics();
        VirtualMachineError f = fatal;
        if (f != null) {
            // thrown by a leftover thread-safe callback run above: it must not vanish either
            fatal = null;
            throw f;
        }
    }

    // ---------------------------------------------------------------- exceptions and debug

    @Override
    public void setExceptionHandler(ExceptionHandler h) {
        this.handler = h;
    }

    @Override
    public void callExceptionHandler(ExceptionContext context) {
        ExceptionHandler h = handler;
        if (h == null) {
            defaultHandler(context);
            return;
        }
        try {
            h.handle(this, context);
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "Unhandled error in exception handler, context: " + context, t);
        }
    }

    void report(String message, Throwable t, AsyncFuture<?> f, Task<?> task, Handle h) {
        callExceptionHandler(new ExceptionContext(message, t, f, task, h));
    }

    private static void defaultHandler(ExceptionContext c) {
        System.Logger.Level level = c.exception() instanceof SlowStep ? System.Logger.Level.WARNING
                : System.Logger.Level.ERROR;
        StringBuilder msg = new StringBuilder(c.message());
        if (c.task() != null && !c.message().contains(c.task().toString())) {
            msg.append(" [").append(c.task()).append(']');
        }
        LOG.log(level, msg.toString(), c.exception());
    }

    /**
     * A task or callback threw a {@link VirtualMachineError} (out of memory, stack overflow): the
     * JVM may be in no state to go on, so the loop stops after this iteration and the run that
     * is in progress throws it, like asyncio does with KeyboardInterrupt and SystemExit
     * (docs/semantics.md, "Exceptions"). Loop context.
     */
    void abort(VirtualMachineError e) {
        if (fatal == null) {
            fatal = e;
        } else if (fatal != e) {
            fatal.addSuppressed(e);
        }
        requestStop();
    }

    @Override
    protected void reportCallbackFailure(Runnable callback, Throwable t) {
        if (t instanceof VirtualMachineError e) {
            abort(e);
            return;
        }
        report("Exception in callback " + callback, t, null, null,
                callback instanceof Handle h ? h : null);
    }

    @Override
    protected void reportSlowStep(Runnable step, Fiber fiber, long nanos, StackTraceElement[] stack) {
        RealTask<?> task = fiber != null && fiber.owner() instanceof RealTask<?> t ? t : null;
        String what = task != null ? "task '" + task.name() + "'" : "callback " + step;
        String msg = String.format("Executing %s took %.3f seconds (debug threshold %.3f s)%s", what, nanos / 1e9,
                slowThresholdNanos() / 1e9, stack != null ? "; it was running at the stack below" : "");
        report(msg, new SlowStep(msg, stack), null, task, step instanceof Handle h ? h : null);
    }

    /** The throwable of a slow-step report: its stack is where the step was running. */
    public static final class SlowStep extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SlowStep(String message, StackTraceElement[] stack) {
            super(message, null, false, true);
            setStackTrace(stack != null ? stack : new StackTraceElement[0]);
        }
    }

    /**
     * A cancellation delivered by the runtime: with a stack trace only in debug mode, since
     * filling one in dominates the cost of cancelling many tasks (issue 10; see CancelledError).
     */
    CancelledError cancelledError(String message) {
        return new CancelledError(message, debug());
    }

    @Override
    public EngineKind engine() {
        return engineKind;
    }

    @Override
    public void setDebug(boolean enabled) {
        debug(enabled);
    }

    @Override
    public boolean isDebug() {
        return debug();
    }

    @Override
    public void setSlowCallbackThreshold(Duration threshold) {
        if (threshold.isNegative() || threshold.isZero()) {
            throw new IllegalArgumentException("slow callback threshold must be positive, got " + threshold);
        }
        slowThresholdNanos(saturatedNanos(threshold));
    }

    @Override
    public String toString() {
        return "EventLoop[" + id() + ", " + engine().name().toLowerCase(java.util.Locale.ROOT)
                + (running ? ", running" : isClosed() ? ", closed" : "") + ", tasks=" + taskCount
                + (scheduleSeed() != null ? ", scheduleSeed=" + scheduleSeed() : "") + "]";
    }
}
