package io.jasyncio;

import io.jasyncio.testing.VirtualClock;

/** Test helpers: loops on the virtual clock, on the engine the surefire execution selected. */
public final class Loops {
    private Loops() {
    }

    /** Options for a loop on a fresh virtual clock. */
    public static LoopOptions virtual() {
        LoopOptions o = LoopOptions.defaults().withClock(new VirtualClock());
        String seed = System.getProperty("jasyncio.test.allSeed");
        return seed == null ? o : o.withScheduleSeed(Long.parseLong(seed));
    }

    /** {@code Asyncio.run} on a fresh virtual clock. */
    public static <T> T runVirtual(AsyncCallable<T> main) {
        return Asyncio.run(virtual(), main);
    }

    /** The engine this surefire execution runs ({@code -Djasyncio.test.engine}). */
    public static EngineKind expectedEngine() {
        String e = System.getProperty("jasyncio.test.engine", "loop");
        return EngineKind.valueOf(e.toUpperCase(java.util.Locale.ROOT));
    }
}
