package io.jasyncio;

import java.time.Duration;
import java.util.Objects;

/**
 * How to build an event loop: engine, clock, debug settings, task start, the cross-thread inbox
 * bound and the shutdown grace of {@link Asyncio#run}. Immutable; each {@code with} method
 * returns a copy.
 *
 * <pre>{@code
 * var opts = LoopOptions.defaults().withClock(new VirtualClock()).withDebug(true);
 * Asyncio.run(opts, () -> ...);
 * }</pre>
 *
 * @param engine the engine, or null for the JVM-wide default ({@link Asyncio#defaultEngine()})
 * @param clock the loop's clock
 * @param debug whether debug mode starts on
 * @param slowCallbackThreshold the debug-mode threshold for a slow step
 * @param eagerTasks whether {@code createTask} called from a task or callback of the running
 *     loop runs the new task's body at once, until its first suspension (see
 *     {@link #withEagerTasks(boolean)})
 * @param inboxCapacity the most callbacks from other threads that may wait for the loop, 0 for
 *     no bound (see {@link EventLoop#callSoonThreadsafe})
 * @param shutdownGrace how long {@link Asyncio#run} waits, in loop time, for the tasks it
 *     cancelled at the end to finish before it reports them and closes the loop anyway
 */
public record LoopOptions(EngineKind engine, LoopClock clock, boolean debug, Duration slowCallbackThreshold,
                          boolean eagerTasks, int inboxCapacity, Duration shutdownGrace) {

    /** The default {@link #shutdownGrace()}: 30 s, long enough for any orderly cleanup. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

    /**
     * Validates the components.
     *
     * @throws NullPointerException if {@code clock}, {@code slowCallbackThreshold} or
     *     {@code shutdownGrace} is null
     * @throws IllegalArgumentException if {@code slowCallbackThreshold} is not positive,
     *     {@code inboxCapacity} is negative or {@code shutdownGrace} is negative
     */
    public LoopOptions {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(slowCallbackThreshold, "slowCallbackThreshold");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (slowCallbackThreshold.isNegative() || slowCallbackThreshold.isZero()) {
            throw new IllegalArgumentException("slowCallbackThreshold must be positive, got " + slowCallbackThreshold);
        }
        if (inboxCapacity < 0) {
            throw new IllegalArgumentException("inboxCapacity must be 0 (no bound) or positive, got " + inboxCapacity);
        }
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdownGrace must not be negative, got " + shutdownGrace);
        }
    }

    /**
     * Options with lazy task start, no inbox bound and the default shutdown grace.
     *
     * @throws NullPointerException if {@code clock} or {@code slowCallbackThreshold} is null
     * @throws IllegalArgumentException if {@code slowCallbackThreshold} is not positive
     */
    public LoopOptions(EngineKind engine, LoopClock clock, boolean debug, Duration slowCallbackThreshold) {
        this(engine, clock, debug, slowCallbackThreshold, false, 0, DEFAULT_SHUTDOWN_GRACE);
    }

    /**
     * Default engine, monotonic clock, debug from {@code -Djasyncio.debug}, 100 ms threshold,
     * lazy task start, no inbox bound, 30 s shutdown grace.
     */
    public static LoopOptions defaults() {
        return new LoopOptions(null, LoopClock.monotonic(), io.jasyncio.internal.task.Settings.debugByDefault(),
                Duration.ofMillis(100));
    }

    /** A copy with another engine. */
    public LoopOptions withEngine(EngineKind e) {
        return new LoopOptions(e, clock, debug, slowCallbackThreshold, eagerTasks, inboxCapacity, shutdownGrace);
    }

    /** A copy with another clock. */
    public LoopOptions withClock(LoopClock c) {
        return new LoopOptions(engine, c, debug, slowCallbackThreshold, eagerTasks, inboxCapacity, shutdownGrace);
    }

    /** A copy with debug mode on or off. */
    public LoopOptions withDebug(boolean on) {
        return new LoopOptions(engine, clock, on, slowCallbackThreshold, eagerTasks, inboxCapacity, shutdownGrace);
    }

    /** A copy with another slow-step threshold. */
    public LoopOptions withSlowCallbackThreshold(Duration d) {
        return new LoopOptions(engine, clock, debug, d, eagerTasks, inboxCapacity, shutdownGrace);
    }

    /**
     * A copy with eager task start on or off (asyncio 3.12's {@code eager_task_factory}).
     *
     * <p>When on, {@code createTask} called from a task or a callback of the running loop runs
     * the new task's body at once, before returning, until the body first suspends (or ends:
     * the task returned is then already done). The calling task resumes right after that step,
     * before any other ready callback. A body that finishes without suspending so costs no trip
     * through the ready queue, which is the point for caches and fast paths. The order in which
     * task bodies start differs from lazy start: code that relies on a child not running before
     * its creator's next suspension must not use it. Tasks created while the loop does not run
     * (such as the main task of {@code Asyncio.run}) start lazily anyway.
     */
    public LoopOptions withEagerTasks(boolean on) {
        return new LoopOptions(engine, clock, debug, slowCallbackThreshold, on, inboxCapacity, shutdownGrace);
    }

    /**
     * A copy with another bound of the cross-thread inbox: at most {@code capacity} callbacks
     * from {@link EventLoop#callSoonThreadsafe} (and {@link Asyncio#runCoroutineThreadsafe})
     * wait for the loop, and one more is refused with
     * {@link java.util.concurrent.RejectedExecutionException}; 0 means no bound (the default).
     * The loop's own traffic (task wake-ups, thread-call results) is counted but never refused.
     *
     * @throws IllegalArgumentException if {@code capacity} is negative
     */
    public LoopOptions withInboxCapacity(int capacity) {
        return new LoopOptions(engine, clock, debug, slowCallbackThreshold, eagerTasks, capacity, shutdownGrace);
    }

    /**
     * A copy with another shutdown grace: how long {@link Asyncio#run}, once the main task has
     * ended, waits (in loop time) for the tasks it cancelled; tasks still running then (they
     * swallow their cancellations) are reported with their stacks and abandoned, and the loop
     * closes.
     *
     * @throws IllegalArgumentException if {@code grace} is negative
     */
    public LoopOptions withShutdownGrace(Duration grace) {
        return new LoopOptions(engine, clock, debug, slowCallbackThreshold, eagerTasks, inboxCapacity, grace);
    }
}
