package io.jasyncio.testing;

import io.jasyncio.LoopClock;
import java.time.Duration;

/**
 * A clock for deterministic tests: time stands still while anything is ready, and the loop
 * jumps it straight to the next timer when nothing is (Trio's {@code MockClock} with autojump,
 * Tokio's paused time). Sleeping an hour takes no real time, and the order of timers is exact.
 *
 * <p><b>When the loop jumps.</b> When no callback is ready and no work runs on another thread on
 * the loop's behalf ({@code toThread}, an awaited {@code CompletableFuture}), the loop first
 * looks for I/O: with no channel registered it jumps at once; with channels registered it
 * waits up to {@link #autojumpThresholdNanos()} of real time for I/O before jumping, so tests
 * with real sockets still see their bytes. Work on other threads is waited for in real time.
 *
 * <p><b>Threads.</b> Reads are safe from any thread; only the loop moves the clock, plus
 * {@link #advance(Duration)} for tests that drive time by hand.
 *
 * <pre>{@code
 * Asyncio.run(LoopOptions.defaults().withClock(new VirtualClock()), () -> {
 *     Asyncio.sleep(Duration.ofHours(1));   // returns at once, loop.time() moved by an hour
 *     return null;
 * });
 * }</pre>
 */
public final class VirtualClock implements LoopClock {
    private final long autojumpThresholdNanos;
    /** Written by the loop (or advance), read anywhere. */
    private volatile long now;
    /**
     * Set while a {@link TestScheduler} call waits for the loop to go idle: asked before each
     * jump, which it may veto. Guarded by {@code this}.
     */
    private JumpGate gate;

    /** A clock at 0 that waits 50 ms of real time for I/O on registered channels before it jumps. */
    public VirtualClock() {
        this(Duration.ofMillis(50));
    }

    /**
     * A clock at 0 with the given real-time wait for I/O before a jump.
     *
     * @throws IllegalArgumentException if negative
     */
    public VirtualClock(Duration autojumpThreshold) {
        if (autojumpThreshold.isNegative()) {
            throw new IllegalArgumentException("autojump threshold must be >= 0, got " + autojumpThreshold);
        }
        this.autojumpThresholdNanos = autojumpThreshold.toNanos();
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public boolean isVirtual() {
        return true;
    }

    @Override
    public synchronized void jumpTo(long nanos) {
        if (gate != null && !gate.mayJump(nanos)) {
            return;
        }
        if (nanos > now) {
            now = nanos;
        }
    }

    @Override
    public long autojumpThresholdNanos() {
        return autojumpThresholdNanos;
    }

    /**
     * Moves time forward by hand; timers that become due run in the loop's next iteration.
     *
     * @throws IllegalArgumentException if {@code d} is negative
     */
    public synchronized void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("time cannot go back: " + d);
        }
        now += d.toNanos();
    }

    /** Installs or (with null) removes the gate a {@link TestScheduler} uses to see the loop go idle. */
    synchronized void gate(JumpGate g) {
        this.gate = g;
    }

    /** Decides, on the loop's driver thread, whether the loop may jump to the next timer. */
    @FunctionalInterface
    interface JumpGate {
        /** Whether the jump to {@code nanos} (the next timer) may happen. */
        boolean mayJump(long nanos);
    }

    @Override
    public String toString() {
        return "VirtualClock[" + Duration.ofNanos(now) + "]";
    }
}
