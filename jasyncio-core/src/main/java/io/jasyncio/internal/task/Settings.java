package io.jasyncio.internal.task;

import io.jasyncio.EngineKind;
import io.jasyncio.internal.engine.LoopEngine;

/**
 * The one class that reads jasyncio's system properties.
 *
 * <ul>
 * <li>{@code jasyncio.engine} = {@code loop} | {@code portable} | {@code auto} (default): which
 *     engine new loops use. {@code auto} takes the loop engine when the JDK lets jasyncio reach
 *     the custom-scheduler virtual thread builder.</li>
 * <li>{@code jasyncio.debug} = {@code true}: new loops start in debug mode (like
 *     {@code PYTHONASYNCIODEBUG}).</li>
 * <li>{@code jasyncio.schedule.seeds} = a count: how many seeds
 *     {@code testing.ScheduleSeeds.explore} runs (a longer exploration than a test's default);
 *     {@code jasyncio.schedule.seed} = one seed: it runs only that one (a replay).</li>
 * </ul>
 */
public final class Settings {
    private static final System.Logger LOG = System.getLogger("io.jasyncio");
    private static volatile EngineKind defaultEngine;

    private Settings() {
    }

    /**
     * The engine new loops use unless told otherwise; chosen once per JVM and logged at
     * {@code DEBUG} on the {@code io.jasyncio} logger.
     */
    public static EngineKind defaultEngine() {
        EngineKind k = defaultEngine;
        if (k == null) {
            synchronized (Settings.class) {
                k = defaultEngine;
                if (k == null) {
                    k = chooseEngine();
                    defaultEngine = k;
                }
            }
        }
        return k;
    }

    private static EngineKind chooseEngine() {
        String forced = System.getProperty("jasyncio.engine", "auto").trim().toLowerCase(java.util.Locale.ROOT);
        EngineKind k;
        String why;
        switch (forced) {
            case "loop" -> {
                if (!LoopEngine.available()) {
                    throw new IllegalStateException("-Djasyncio.engine=loop, but the JDK does not let jasyncio "
                            + "build virtual threads with a custom scheduler: add --add-opens "
                            + "java.base/java.lang=io.jasyncio (module path) or =ALL-UNNAMED (class path)");
                }
                k = EngineKind.LOOP;
                why = "forced by -Djasyncio.engine=loop";
            }
            case "portable" -> {
                k = EngineKind.PORTABLE;
                why = "forced by -Djasyncio.engine=portable";
            }
            case "auto", "" -> {
                k = LoopEngine.available() ? EngineKind.LOOP : EngineKind.PORTABLE;
                why = k == EngineKind.LOOP ? "the JDK allows custom virtual-thread schedulers"
                        : "java.lang is not opened to jasyncio (add --add-opens java.base/java.lang=io.jasyncio "
                        + "or =ALL-UNNAMED for the loop engine)";
            }
            default -> throw new IllegalArgumentException("-Djasyncio.engine=" + forced
                    + " is not an engine: use loop, portable or auto");
        }
        // DEBUG: a program's first run prints only what the program prints (Asyncio.defaultEngine()
        // tells the choice; the README shows how to see this line)
        LOG.log(System.Logger.Level.DEBUG, "jasyncio engine: {0} ({1})", k.name().toLowerCase(java.util.Locale.ROOT), why);
        return k;
    }

    /** Whether new loops start in debug mode. */
    public static boolean debugByDefault() {
        return Boolean.getBoolean("jasyncio.debug");
    }

    /**
     * {@code -Djasyncio.schedule.seeds}, or {@code defaultCount} when it is not set.
     *
     * @throws IllegalArgumentException if it is set to something other than a positive count
     */
    public static int scheduleSeedCount(int defaultCount) {
        String v = System.getProperty("jasyncio.schedule.seeds");
        if (v == null || v.isBlank()) {
            return defaultCount;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("-Djasyncio.schedule.seeds=" + v + " is not a positive count of seeds");
    }

    /**
     * {@code -Djasyncio.schedule.seed}, the one seed to replay, or null when it is not set.
     *
     * @throws IllegalArgumentException if it is set to something other than a number
     */
    public static Long scheduleSeedReplay() {
        String v = System.getProperty("jasyncio.schedule.seed");
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-Djasyncio.schedule.seed=" + v
                    + " is not a seed: give the number a failure printed", e);
        }
    }
}
