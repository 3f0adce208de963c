package io.jasyncio;

import java.time.Duration;
import java.util.Objects;

/**
 * How to build an event loop: engine, clock and debug settings. Immutable; each {@code with}
 * method returns a copy.
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
 */
public record LoopOptions(EngineKind engine, LoopClock clock, boolean debug, Duration slowCallbackThreshold) {

    /** Validates the components. */
    public LoopOptions {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(slowCallbackThreshold, "slowCallbackThreshold");
        if (slowCallbackThreshold.isNegative() || slowCallbackThreshold.isZero()) {
            throw new IllegalArgumentException("slowCallbackThreshold must be positive, got " + slowCallbackThreshold);
        }
    }

    /** Default engine, monotonic clock, debug from {@code -Djasyncio.debug}, 100 ms threshold. */
    public static LoopOptions defaults() {
        return new LoopOptions(null, LoopClock.monotonic(), io.jasyncio.internal.task.Settings.debugByDefault(),
                Duration.ofMillis(100));
    }

    /** A copy with another engine. */
    public LoopOptions withEngine(EngineKind e) {
        return new LoopOptions(e, clock, debug, slowCallbackThreshold);
    }

    /** A copy with another clock. */
    public LoopOptions withClock(LoopClock c) {
        return new LoopOptions(engine, c, debug, slowCallbackThreshold);
    }

    /** A copy with debug mode on or off. */
    public LoopOptions withDebug(boolean on) {
        return new LoopOptions(engine, clock, on, slowCallbackThreshold);
    }

    /** A copy with another slow-step threshold. */
    public LoopOptions withSlowCallbackThreshold(Duration d) {
        return new LoopOptions(engine, clock, debug, d);
    }
}
