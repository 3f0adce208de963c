package io.jasyncio.internal.loop;

import io.jasyncio.LoopClock;
import io.jasyncio.internal.engine.Engine;
import io.jasyncio.internal.engine.Fiber;
import io.jasyncio.internal.engine.Host;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The mechanics of an event loop: ready queue, timer heap, selector with cross-thread wake-up,
 * clock, and {@link #runOnce()}, the only place callbacks run. Knows nothing of tasks; the task
 * layer extends it with tasks and the public {@code EventLoop} API.
 *
 * <p><b>One iteration</b> ({@link #runOnce()}):
 * <pre>
 *   rebuild the timer heap if most timers are cancelled   (TimerHeap, lazily)
 *   poll the selector: no wait if anything is ready or stopping,
 *                      else until the next timer, else until woken
 *   queue the I/O callbacks of the selected keys
 *   move due timers to the ready queue, in (deadline, scheduling order)
 *   run exactly the callbacks that were ready when this phase began
 * </pre>
 * A callback scheduled by a callback runs in the next iteration. With a schedule seed
 * ({@link SchedulePerturbation}) the same phases run, and the batch's callbacks from different
 * sources are put in an order the seed picks before the run phase.
 *
 * <p><b>Threads.</b> Everything here is confined to the loop context: the driver thread, or the
 * fiber the loop is running right now (a task's code runs on its own virtual thread). The
 * exceptions are {@link #schedule(Runnable)}, {@link #scheduleFromOutside} and
 * {@link #submitFromOutside}, which take the thread-safe inbox and wake the selector only when
 * the loop sleeps in it.
 *
 * <p><b>The inbox gate.</b> Accepting an item into the inbox and closing the loop are atomic
 * with respect to each other (issue 10): {@link #gate} counts the submitters between their
 * "is it open?" test and their append, and {@link #shutInbox()} sets its closed bit and then
 * waits for that count to drain. So every item is either refused (the submitter learns it) or
 * is in the inbox when {@code shutInbox} collects the leftovers: none is dropped unseen.
 */
public abstract class SelectorLoop implements Host {
    private static final VarHandle MOUNTED;
    private static final VarHandle STEP_START;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            MOUNTED = l.findVarHandle(SelectorLoop.class, "mounted", Fiber.class);
            STEP_START = l.findVarHandle(SelectorLoop.class, "stepStart", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final AtomicInteger LOOP_IDS = new AtomicInteger();
    /** The bit of {@link #gate} that closes the inbox; the bits below count submitters in flight. */
    private static final int GATE_CLOSED = 1 << 30;
    /** The loop the current thread drives, so code in a plain callback can find its context. */
    private static final ThreadLocal<SelectorLoop> DRIVEN = new ThreadLocal<>();

    protected final Engine engine;
    protected final LoopClock clock;
    private final Selector selector;
    /** Loop-confined: callbacks in FIFO order; the JDK's task steps land here too. */
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>(256);
    /** Loop-confined: steps that run right after the current one ({@link #runNext}). */
    private final ArrayDeque<Runnable> immediate = new ArrayDeque<>(4);
    /** Any thread appends; the loop drains it into {@link #ready} each iteration. */
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    /** Items in {@link #inbox} (the queue's own size() is O(n)). */
    private final AtomicInteger inboxSize = new AtomicInteger();
    /** The most items {@link #submitFromOutside} lets into the inbox; 0: no bound. */
    private final int inboxCapacity;
    /** {@link #GATE_CLOSED} once the inbox is shut, plus the number of submitters appending now. */
    private final AtomicInteger gate = new AtomicInteger();
    private final TimerHeap timers = new TimerHeap();
    private final int id = LOOP_IDS.incrementAndGet();
    private long timerSeq;
    /** Null unless built with a schedule seed; then chooses among the orders left open. */
    private final SchedulePerturbation perturbation;
    /**
     * The context of the plain callback running now (tasks carry their own); opaque to this
     * layer, it is the task layer's context-variable snapshot. Loop-confined.
     */
    Object callbackContext;

    /** The driver thread while running, else null. Written by the driver, read anywhere. */
    private volatile Thread thread;
    /** The fiber that runs now (opaque writes; read by the watchdog and confinement checks). */
    @SuppressWarnings("unused")
    private Fiber mounted;
    /** Start of the running step in debug mode, 0 between steps (opaque; read by the watchdog). */
    @SuppressWarnings("unused")
    private long stepStart;
    /** Set while the driver is about to block or blocks in select; read by other threads. */
    private volatile boolean sleeping;
    /** Keeps many cross-thread wake-ups in one sleep down to one {@code Selector.wakeup()}. */
    private final java.util.concurrent.atomic.AtomicBoolean wakeupPending =
            new java.util.concurrent.atomic.AtomicBoolean();
    private boolean stopping;
    private volatile boolean closed;
    /** Work running on other threads whose result comes back through the inbox (toThread...). */
    private final AtomicInteger externalPending = new AtomicInteger();
    private volatile boolean debug;
    private volatile long slowThresholdNanos = 100_000_000L;
    /** A stack captured by the watchdog for the step that is running too long. */
    private volatile StackTraceElement[] slowStack;

    /**
     * @param inboxCapacity the bound of {@link #submitFromOutside}, 0 for none
     * @param scheduleSeed the seed of schedule exploration ({@link SchedulePerturbation}), or
     *     null for the plain order
     */
    protected SelectorLoop(Function<Host, Engine> engineFactory, LoopClock clock, int inboxCapacity,
                           Long scheduleSeed) {
        if (inboxCapacity < 0) {
            throw new IllegalArgumentException("inbox capacity must be 0 (unbounded) or positive, got " + inboxCapacity);
        }
        this.clock = clock;
        this.inboxCapacity = inboxCapacity;
        this.perturbation = scheduleSeed == null ? null : new SchedulePerturbation(scheduleSeed);
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the event loop", e);
        }
        this.engine = engineFactory.apply(this);
    }

    /** The seed this loop explores schedules with, or null when it runs the plain order. */
    public final Long scheduleSeed() {
        return perturbation == null ? null : perturbation.seed;
    }

    /** A short id for thread names and {@code toString}. */
    public final int id() {
        return id;
    }

    // ---------------------------------------------------------------- loop context

    /**
     * Whether the calling thread is this loop's context: the driver, or the fiber it runs now.
     */
    public final boolean inLoopContext() {
        Thread t = Thread.currentThread();
        if (t == thread) {
            return true;
        }
        Fiber m = (Fiber) MOUNTED.getOpaque(this);
        if (m != null && m.thread() == t) {
            return true;
        }
        return ownsCurrentFiber();
    }

    /**
     * Whether the calling thread is a fiber of this loop that the loop runs now, for the cases
     * the fast check misses (a task resumed by the JDK after a blocking call).
     */
    protected abstract boolean ownsCurrentFiber();

    @Override
    public final void mounted(Fiber fiber) {
        MOUNTED.setOpaque(this, fiber);
    }

    /** The fiber running now, or null when a plain callback runs or the loop is between steps. */
    public final Fiber mountedFiber() {
        return (Fiber) MOUNTED.getOpaque(this);
    }

    // ---------------------------------------------------------------- scheduling

    @Override
    public final void schedule(Runnable step) {
        if (inLoopContext()) {
            ready.addLast(step);
        } else {
            scheduleFromOutside(step);
        }
    }

    @Override
    public final void runNext(Runnable step) {
        assert inLoopContext() : "runNext outside the loop context";
        immediate.addFirst(step);
    }

    /** Appends to the ready queue; loop context only (asserted). */
    public final void scheduleLocal(Runnable step) {
        assert inLoopContext() : "scheduleLocal outside the loop context";
        ready.addLast(step);
    }

    /**
     * Appends from any thread and wakes the selector if the loop sleeps in it. For the loop's own
     * work coming back (task continuations, thread-call results, pipe data): never bounded, since
     * each item answers something the loop started, and refusing it would strand that work.
     *
     * @return false, dropping {@code step}, when the loop is closed (nothing can run it any more)
     */
    public final boolean scheduleFromOutside(Runnable step) {
        if ((gate.getAndIncrement() & GATE_CLOSED) != 0) {
            gate.decrementAndGet();
            return false;
        }
        try {
            inboxSize.incrementAndGet();
            inbox.add(step);
        } finally {
            gate.decrementAndGet();
        }
        // Dekker pair with sleepInSelect: we write inbox then read sleeping; the loop writes
        // sleeping then reads inbox. Either it sees our item, or we see it asleep and wake it.
        wakeIfSleeping();
        return true;
    }

    /**
     * {@link #scheduleFromOutside} for work submitted by users ({@code callSoonThreadsafe}): the
     * same, but subject to the inbox bound.
     *
     * @return false when the loop is closed
     * @throws RejectedExecutionException when the inbox already holds its capacity
     */
    public final boolean submitFromOutside(Runnable step) {
        if (inboxCapacity == 0) {
            return scheduleFromOutside(step);
        }
        if ((gate.getAndIncrement() & GATE_CLOSED) != 0) {
            gate.decrementAndGet();
            return false;
        }
        try {
            int n;
            do {
                n = inboxSize.get();
                if (n >= inboxCapacity) {
                    throw new RejectedExecutionException("the inbox of " + this + " is full (" + inboxCapacity
                            + " callbacks from other threads wait for the loop): slow the submitting threads "
                            + "down and retry, or raise LoopOptions.inboxCapacity");
                }
            } while (!inboxSize.compareAndSet(n, n + 1));
            inbox.add(step);
        } finally {
            gate.decrementAndGet();
        }
        wakeIfSleeping();
        return true;
    }

    /** Items submitted from other threads that the loop has not taken yet. Any thread. */
    public final int inboxSize() {
        return inboxSize.get();
    }

    /** The bound of {@link #submitFromOutside}, 0 for none. */
    public final int inboxCapacity() {
        return inboxCapacity;
    }

    private void wakeIfSleeping() {
        if (sleeping && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /** Schedules a timer callback; loop context only. */
    public final void addTimer(Callback c, long when) {
        c.when = when;
        c.seq = timerSeq++;
        c.timerOf = this;
        timers.add(c);
    }

    /** Called by {@link Callback#cancel()} from any thread. */
    final void timerCancelled(Callback c) {
        if (inLoopContext()) {
            timers.cancelled(c);
        } else if (!closed) {
            scheduleFromOutside(() -> timers.cancelled(c));
        }
    }

    /** The context of the plain callback running now, or null; see {@link #callbackContext}. */
    public final Object callbackContext() {
        return callbackContext;
    }

    /** Replaces the running callback's context until it returns (a context variable was set). */
    public final void callbackContext(Object context) {
        callbackContext = context;
    }

    /** The loop whose driver is the calling thread, or null. */
    public static SelectorLoop drivenByCurrentThread() {
        return DRIVEN.get();
    }

    public final long time() {
        return clock.nanoTime();
    }

    /** The clock this loop reads; {@code testing.TestScheduler} checks it drives this loop. */
    public final LoopClock clock() {
        return clock;
    }

    public final Selector selector() {
        return selector;
    }

    /** Counts work running on another thread that will report back; keeps a virtual clock still. */
    public final void externalStarted() {
        externalPending.incrementAndGet();
    }

    /** Ends an {@link #externalStarted()}; any thread. */
    public final void externalEnded() {
        // the worker published its outcome before ending its count: a virtual-clock loop may have
        // gone to sleep in real time in between, and must be woken so its clock can jump again
        // (EventLoopTest#theClockJumpsAgainAsSoonAsAToThreadCallEnds); Dekker pair as for the inbox
        if (externalPending.decrementAndGet() == 0 && clock.isVirtual()) {
            wakeIfSleeping();
        }
    }

    // ---------------------------------------------------------------- running

    /** The driver thread while the loop runs, else null. */
    public final Thread driverThread() {
        return thread;
    }

    protected final void enterRun() {
        // stopping is kept: a stop() before the run, or runUntilComplete of a future already
        // done, runs one iteration and returns (EventLoopTest#stopBeforeRunForeverRunsOneIterationThenReturns)
        thread = Thread.currentThread();
        DRIVEN.set(this);
    }

    protected final void exitRun() {
        DRIVEN.remove();
        stopping = false;
        MOUNTED.setOpaque(this, null);
        thread = null;
    }

    /** Asks {@link #runOnce()} loops to stop after the current iteration. Loop context. */
    protected final void requestStop() {
        stopping = true;
    }

    protected final boolean stopRequested() {
        return stopping;
    }

    /**
     * One iteration of the loop. The only place callbacks run.
     */
    protected final void runOnce() {
        if (perturbation != null) {
            runOncePerturbed();
            return;
        }
        long timeout = computeTimeout();
        select(timeout);
        drainInbox();
        moveDueTimers();
        int n = ready.size();
        if (debug) {
            for (int i = 0; i < n; i++) {
                runStepDebug(ready.pollFirst());
                while (!immediate.isEmpty()) {
                    runStepDebug(immediate.pollFirst());
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                runStep(ready.pollFirst());
                while (!immediate.isEmpty()) {
                    runStep(immediate.pollFirst());
                }
            }
        }
    }

    /**
     * {@link #runOnce()} with schedule exploration: the same phases, with the sources of the
     * batch marked as they are queued and their order chosen by the seed before the run phase
     * (see {@link SchedulePerturbation} for what may move). Kept apart so the plain loop pays
     * nothing for it.
     */
    private void runOncePerturbed() {
        SchedulePerturbation p = perturbation;
        p.mark(ready.size());              // what was scheduled outside any step
        long timeout = computeTimeout();
        select(timeout);                   // marks after each I/O handler (queueSelected)
        drainInbox();
        p.mark(ready.size());
        moveDueTimersPerturbed(p);
        p.permute(ready);
        int n = ready.size();
        for (int i = 0; i < n; i++) {
            Runnable r = ready.pollFirst();
            if (debug) {
                runStepDebug(r);
            } else {
                runStep(r);
            }
            while (!immediate.isEmpty()) {
                Runnable next = immediate.pollFirst();
                if (debug) {
                    runStepDebug(next);
                } else {
                    runStep(next);
                }
            }
            // the queue holds the n - i - 1 callbacks of the batch still to run, then what this
            // iteration scheduled so far: this step's source ends there
            p.mark(ready.size() - (n - i - 1));
        }
    }

    /** {@link #moveDueTimers()}, with timers of equal deadlines in an order chosen by the seed. */
    private void moveDueTimersPerturbed(SchedulePerturbation p) {
        long now = clock.nanoTime();
        if (timers.isEmpty() || timers.peek().when > now) {
            return;
        }
        java.util.ArrayList<Callback> due = new java.util.ArrayList<>();
        Callback c;
        while ((c = timers.peek()) != null && c.when <= now) {
            timers.poll();
            if (!c.isCancelled()) {
                c.timerOf = null;
                due.add(c);
            }
        }
        Callback[] a = due.toArray(new Callback[0]);
        for (int from = 0; from < a.length; ) {
            int to = from + 1;
            while (to < a.length && a[to].when == a[from].when) {
                to++;
            }
            p.shuffle(a, from, to);
            from = to;
        }
        for (Callback t : a) {
            ready.addLast(t);
        }
    }

    private void runStep(Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            reportCallbackFailure(r, t);
        }
        MOUNTED.setOpaque(this, null);
    }

    /** -1: block until woken; 0: poll; else nanoseconds until the next timer. */
    private long computeTimeout() {
        if (!ready.isEmpty() || stopping || !inbox.isEmpty()) {
            return 0;
        }
        Callback next = timers.peek();
        while (next != null && next.isCancelled()) {
            timers.poll();
            next = timers.peek();
        }
        if (next == null) {
            return -1;
        }
        return Math.max(0, next.when - clock.nanoTime());
    }

    private void select(long timeoutNanos) {
        try {
            int selected;
            if (timeoutNanos == 0) {
                selected = selector.keys().isEmpty() ? 0 : selector.selectNow();
            } else if (clock.isVirtual() && externalPending.get() == 0) {
                selected = selectVirtual(timeoutNanos);
            } else {
                selected = sleepInSelect(timeoutNanos, clock.isVirtual());
            }
            if (selected > 0) {
                queueSelected();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("selector failed", e);
        }
    }

    /**
     * Virtual time: nothing is ready. If no I/O can arrive, jump straight to the next timer;
     * with registered channels, first give I/O a short real-time window (the clock's
     * autojump threshold).
     */
    private int selectVirtual(long timeoutNanos) throws IOException {
        if (timeoutNanos < 0) {
            // no timer to jump to: wait for I/O or a wake-up as a real clock would, instead of
            // spinning (EventLoopTest#anIdleLoopOnAVirtualClockWithNoTimerSleepsInsteadOfSpinning)
            return sleepInSelect(-1, false);
        }
        int selected = 0;
        if (!selector.keys().isEmpty()) {
            long grace = clock.autojumpThresholdNanos();
            selected = grace > 0 ? sleepInSelect(Math.min(grace, timeoutNanos), false)
                    : selector.selectNow();
        }
        if (selected == 0 && inbox.isEmpty()) {
            Callback next = timers.peek();
            if (next != null && next.when > clock.nanoTime()) {
                clock.jumpTo(next.when);
            }
        }
        return selected;
    }

    /**
     * Blocks in the selector; {@code untilExternalEnds}: a virtual clock waits in real time only
     * while work runs elsewhere ({@link #externalEnded()} wakes it when the last one ends).
     */
    private int sleepInSelect(long timeoutNanos, boolean untilExternalEnds) throws IOException {
        sleeping = true;
        try {
            if (!inbox.isEmpty() || (untilExternalEnds && externalPending.get() == 0)) {
                return selector.selectNow();
            }
            if (timeoutNanos < 0) {
                return selector.select();
            }
            // Selector.select(ms) rounds down; a timer due in 0.4 ms must not spin
            long ms = Math.max(1, (timeoutNanos + 999_999) / 1_000_000);
            return selector.select(ms);
        } finally {
            sleeping = false;
            wakeupPending.set(false);
        }
    }

    private void queueSelected() {
        if (perturbation != null) {
            queueSelectedPerturbed(perturbation);
            return;
        }
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            Object a = key.attachment();
            if (a instanceof IoReady io && key.isValid()) {
                io.ioReady(key.readyOps());
            }
        }
    }

    /** {@link #queueSelected()} in an order chosen by the seed, each key's handler one source. */
    private void queueSelectedPerturbed(SchedulePerturbation p) {
        java.util.Set<SelectionKey> selected = selector.selectedKeys();
        SelectionKey[] keys = selected.toArray(new SelectionKey[0]);
        selected.clear();
        p.shuffle(keys, 0, keys.length);
        for (SelectionKey key : keys) {
            if (key.attachment() instanceof IoReady io && key.isValid()) {
                io.ioReady(key.readyOps());
            }
            p.mark(ready.size());
        }
    }

    private void drainInbox() {
        Runnable r;
        int n = 0;
        while ((r = inbox.poll()) != null) {
            ready.addLast(r);
            n++;
        }
        if (n != 0) {
            inboxSize.addAndGet(-n);
        }
    }

    private void moveDueTimers() {
        if (timers.isEmpty()) {
            return;
        }
        long now = clock.nanoTime();
        Callback c;
        while ((c = timers.peek()) != null && c.when <= now) {
            timers.poll();
            if (!c.isCancelled()) {
                c.timerOf = null;
                ready.addLast(c);
            }
        }
    }

    private void runStepDebug(Runnable r) {
        long start = System.nanoTime();
        STEP_START.setOpaque(this, start);
        try {
            r.run();
        } catch (Throwable t) {
            reportCallbackFailure(r, t);
        }
        Fiber f = (Fiber) MOUNTED.getOpaque(this);
        STEP_START.setOpaque(this, 0L);
        MOUNTED.setOpaque(this, null);
        long took = System.nanoTime() - start;
        if (took > slowThresholdNanos) {
            StackTraceElement[] stack = slowStack;
            slowStack = null;
            reportSlowStep(r, f, took, stack);
        }
    }

    /** When the running debug step started (System.nanoTime), or 0. For the watchdog. */
    public final long stepStartNanos() {
        return (long) STEP_START.getOpaque(this);
    }

    /** Stores the stack the watchdog caught for the slow step running now. */
    public final void slowStepStack(StackTraceElement[] stack) {
        slowStack = stack;
    }

    /** A callback threw; report it and keep going. */
    protected abstract void reportCallbackFailure(Runnable callback, Throwable t);

    /** A step held the loop longer than the debug threshold. */
    protected abstract void reportSlowStep(Runnable step, Fiber fiber, long nanos, StackTraceElement[] stack);

    // ---------------------------------------------------------------- settings and closing

    public final boolean debug() {
        return debug;
    }

    public final void debug(boolean on) {
        this.debug = on;
    }

    public final long slowThresholdNanos() {
        return slowThresholdNanos;
    }

    public final void slowThresholdNanos(long nanos) {
        this.slowThresholdNanos = nanos;
    }

    public final boolean isClosed() {
        return closed;
    }

    /**
     * The first step of closing: refuses every later submission from outside, waits for the
     * submitters already past the gate (a few instructions each), and marks the loop closed.
     *
     * @return what was still queued, ready queue first, then the inbox, in order
     */
    protected final List<Runnable> shutInbox() {
        gate.getAndAdd(GATE_CLOSED);
        while ((gate.get() & ~GATE_CLOSED) != 0) {
            Thread.onSpinWait();
        }
        closed = true;
        drainInbox();
        List<Runnable> left = List.copyOf(ready);
        ready.clear();
        immediate.clear();
        if (perturbation != null) {
            perturbation.clearMarks();
        }
        return left;
    }

    /** The last step of closing: closes the selector and drops the timers. */
    protected final void closeMechanics() {
        closed = true;
        ready.clear();
        while (timers.poll() != null) {
            // drop
        }
        try {
            selector.close();
        } catch (IOException e) {
            // nothing useful to do: the loop is closing
        }
    }
}
