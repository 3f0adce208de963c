package io.jasyncio.testing;

import io.jasyncio.AsyncFuture;
import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.TimerHandle;
import io.jasyncio.internal.loop.SelectorLoop;
import java.time.Duration;
import java.util.Objects;

/**
 * Explicit control of a loop's {@link VirtualClock} from a test's task: let everything that is
 * ready now run, move time by a given amount, or run until nothing is left to do (Kotlin's
 * {@code runCurrent}, {@code advanceTimeBy} and {@code advanceUntilIdle}).
 *
 * <p>A virtual clock already jumps by itself whenever the loop has nothing ready, so a test that
 * only sleeps and awaits needs none of this. These calls are for tests that check the state
 * <em>between</em> steps: what has happened at this instant, before any timer fires, or after
 * the program has settled.
 *
 * <p><b>Threads.</b> The waiting methods are called from a task of the loop whose clock this
 * is; the clock and its scheduler may be shared by nothing else.
 *
 * <p><b>Example.</b>
 * <pre>{@code
 * var clock = new VirtualClock();
 * var scheduler = new TestScheduler(clock);
 * Asyncio.run(LoopOptions.defaults().withClock(clock), () -> {
 *     var retrier = Asyncio.createTask(() -> fetchWithRetries());   // first try now, then every 1 s
 *     scheduler.runCurrent();                                        // the first try has run
 *     scheduler.advanceTimeBy(Duration.ofSeconds(1));                // and the second one
 *     scheduler.advanceUntilIdle();                                  // every retry has run
 *     return retrier.result();
 * });
 * }</pre>
 */
public final class TestScheduler {
    /** Beyond every real timer: the loop always has a timer to jump to while a call waits for idle. */
    private static final long SENTINEL = Long.MAX_VALUE;

    private final VirtualClock clock;

    /** A scheduler for the loop that runs on {@code clock}. */
    public TestScheduler(VirtualClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The clock this scheduler drives. */
    public VirtualClock clock() {
        return clock;
    }

    /**
     * Runs everything that is ready at the current time, including what it makes ready, and
     * returns when only timers in the future (or I/O, or nothing) are left. The clock does not
     * move. A call running on another thread ({@code toThread}) is waited for in real time, as
     * the virtual clock always does.
     *
     * @throws IllegalStateException if the calling task's loop does not run on this clock
     * @throws io.jasyncio.CancelledError if the calling task is cancelled while it waits
     * @suspends until nothing else is ready
     * @asyncio Kotlin's {@code TestCoroutineScheduler.runCurrent()}
     */
    public void runCurrent() {
        waitForIdle(false);
    }

    /**
     * Lets {@code delay} of virtual time pass: every timer due up to {@code now + delay} fires, in
     * order, with whatever it makes ready, and the clock then reads {@code now + delay}. Timers
     * due exactly at {@code now + delay} that were scheduled before this call run before it
     * returns (equal deadlines run in scheduling order). It is {@link Asyncio#sleep} under a name
     * that says what a test means by it.
     *
     * @throws IllegalArgumentException if {@code delay} is negative
     * @throws io.jasyncio.CancelledError if the calling task is cancelled while it waits
     * @suspends for {@code delay} of loop time
     * @asyncio Kotlin's {@code TestCoroutineScheduler.advanceTimeBy(delay)}
     */
    public void advanceTimeBy(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("time cannot go back: advanceTimeBy(" + delay + ")");
        }
        Asyncio.sleep(delay);
    }

    /**
     * Runs the loop until nothing is left to do but wait for I/O: every ready callback runs and
     * every timer fires, in order, with the clock jumping from one to the next. A call running
     * on another thread ({@code toThread}) is waited for in real time. A task that keeps scheduling timers forever (a periodic ticker) keeps this call
     * waiting forever; cancel it first.
     *
     * @throws IllegalStateException if the calling task's loop does not run on this clock
     * @throws io.jasyncio.CancelledError if the calling task is cancelled while it waits
     * @suspends until the loop is idle
     * @asyncio Kotlin's {@code TestCoroutineScheduler.advanceUntilIdle()}
     */
    public void advanceUntilIdle() {
        waitForIdle(true);
    }

    /*
     * Implementation notes. The loop asks its virtual clock to jump whenever nothing is ready,
     * so the jump request is the moment the loop goes idle at the current instant. While a call
     * waits, a sentinel timer at the end of time makes sure the loop always has a jump to ask
     * for, and a gate on the clock sees the request: runCurrent vetoes the first jump and wakes
     * the caller; advanceUntilIdle lets jumps to real timers through and vetoes only the jump to
     * the sentinel, which means no other timer is left.
     */
    private void waitForIdle(boolean fireTimers) {
        EventLoop loop = Asyncio.runningLoop();
        if (!(loop instanceof SelectorLoop l) || l.clock() != clock) {
            throw new IllegalStateException(this + ": " + loop + " does not run on this clock; create the loop "
                    + "with LoopOptions.withClock(clock) for the same VirtualClock");
        }
        AsyncFuture<Void> idle = loop.createFuture();
        TimerHandle sentinel = loop.callAt(SENTINEL, () -> { });
        clock.gate(when -> {
            if (fireTimers && when < SENTINEL) {
                return true;
            }
            clock.gate(null);
            // called on the loop's driver, in the loop context: the wake-up runs this iteration
            loop.callSoon(() -> {
                if (!idle.isDone()) {
                    idle.setResult(null);
                }
            });
            return false;
        });
        try {
            idle.await();
        } finally {
            clock.gate(null);
            sentinel.cancel();
        }
    }

    @Override
    public String toString() {
        return "TestScheduler[" + clock + "]";
    }
}
