package io.jasyncio;

import java.time.Duration;
import java.util.Objects;

/**
 * How to build an event loop: engine, clock, debug settings, task start, the cross-thread
 * inbox bound, the shutdown grace of {@link Asyncio#run} and schedule exploration for tests. Immutable; each {@code with} method
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
 * @param scheduleSeed the seed of schedule exploration, or null for the plain order (see
 *     {@link #withScheduleSeed(long)})
 */
public record LoopOptions(EngineKind engine, LoopClock clock, boolean debug, Duration slowCallbackThreshold,
                          boolean eagerTasks, int inboxCapacity, Duration shutdownGrace, Long scheduleSeed) {

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
        this(engine, clock, debug, slowCallbackThreshold, false, 0, DEFAULT_SHUTDOWN_GRACE, null);
    }

    /**
     * Options without schedule exploration.
     *
     * @throws NullPointerException if {@code clock}, {@code slowCallbackThreshold} or
     *     {@code shutdownGrace} is null
     * @throws IllegalArgumentException if {@code slowCallbackThreshold} is not positive,
     *     {@code inboxCapacity} is negative or {@code shutdownGrace} is negative
     */
    public LoopOptions(EngineKind engine, LoopClock clock, boolean debug, Duration slowCallbackThreshold,
                       boolean eagerTasks, int inboxCapacity, Duration shutdownGrace) {
        this(engine, clock, debug, slowCallbackThreshold, eagerTasks, inboxCapacity, shutdownGrace, null);
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
        return new LoopOptions(e, clock, debug, slowCallbackThreshold, eagerTasks, inboxCapacity, shutdownGrace,
                scheduleSeed);
    }

    /** A copy with another clock. */
    public LoopOptions withClock(LoopClock c) {
        return new LoopOptions(engine, c, debug, slowCallbackThreshold, eagerTasks, inboxCapacity, shutdownGrace,
                scheduleSeed);
    }

    /** A copy with debug mode on or off. */
    public LoopOptions withDebug(boolean on) {
        return new LoopOptions(engine, clock, on, slowCallbackThreshold, eagerTasks, inboxCapacity, shutdownGrace,
                scheduleSeed);
    }

    /** A copy with another slow-step threshold. */
    public LoopOptions withSlowCallbackThreshold(Duration d) {
        return new LoopOptions(engine, clock, debug, d, eagerTasks, inboxCapacity, shutdownGrace, scheduleSeed);
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
        return new LoopOptions(engine, clock, debug, slowCallbackThreshold, on, inboxCapacity, shutdownGrace,
                scheduleSeed);
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
        return new LoopOptions(engine, clock, debug, slowCallbackThreshold, eagerTasks, capacity, shutdownGrace,
                scheduleSeed);
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
        return new LoopOptions(engine, clock, debug, slowCallbackThreshold, eagerTasks, inboxCapacity, grace,
                scheduleSeed);
    }

    /**
     * A copy that explores schedules with {@code seed}: among the orders one loop iteration may
     * run its ready callbacks in, the seed picks one, so a test that passes only by an
     * accidental order fails for some seed, and the same seed replays that run (exactly on a
     * {@link io.jasyncio.testing.VirtualClock}, with no real I/O or other threads involved).
     *
     * <p>What may move: callbacks made ready by different sources in the same iteration (two
     * tasks woken by different releases, a wake-up and a timer, two sockets ready together)
     * run in an order chosen by the seed; timers with equal deadlines fire in an order chosen
     * by the seed. What never moves: the iteration a callback runs in (a callback scheduled
     * during an iteration still runs in the next one), the order of what one callback or task
     * step scheduled (its {@code callSoon}s, the wake-ups one release hands out), timers of
     * different deadlines, and the callbacks from one other thread. The loop's
     * {@code toString} names the seed. For tests; see docs/testing.md, "Schedule exploration",
     * and {@link io.jasyncio.testing.ScheduleSeeds} to run a test over many seeds.
     *
     * <p>Costs nothing when off: the loop tests for it once per iteration.
     */
    public LoopOptions withScheduleSeed(long seed) {
        return new LoopOptions(engine, clock, debug, slowCallbackThreshold, eagerTasks, inboxCapacity, shutdownGrace,
                seed);
    }

    /** A copy that runs the plain order (no schedule exploration), the default. */
    public LoopOptions withoutScheduleSeed() {
        return new LoopOptions(engine, clock, debug, slowCallbackThreshold, eagerTasks, inboxCapacity, shutdownGrace,
                null);
    }
}
