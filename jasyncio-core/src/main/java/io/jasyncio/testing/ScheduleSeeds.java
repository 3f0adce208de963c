package io.jasyncio.testing;

import io.jasyncio.LoopOptions;
import io.jasyncio.internal.task.Settings;
import java.util.Objects;

/**
 * Runs a test once per schedule seed ({@link LoopOptions#withScheduleSeed(long)}), so a race
 * that needs an unusual order of ready callbacks shows up, and says which seed failed.
 *
 * <pre>{@code
 * ScheduleSeeds.explore(200, seed -> Asyncio.run(
 *         LoopOptions.defaults().withClock(new VirtualClock()).withScheduleSeed(seed),
 *         () -> { ... the scenario and its assertions ... }));
 * }</pre>
 *
 * <p>The seeds are 1, 2, ... {@code count}. {@code -Djasyncio.schedule.seeds=N} runs {@code N}
 * seeds instead (a longer exploration than the test's default, for a nightly run), and
 * {@code -Djasyncio.schedule.seed=S} runs only seed {@code S} (to replay a failure under a
 * debugger). The first seed that fails stops the exploration with an {@link AssertionError}
 * naming it, whose cause is the failure. Use a fresh {@link VirtualClock} for each seed: on the
 * virtual clock, with no real I/O or other threads in the scenario, a seed replays its run
 * exactly.
 */
public final class ScheduleSeeds {
    private ScheduleSeeds() {
    }

    /** One run of a scenario on a loop built with the given seed. */
    @FunctionalInterface
    public interface SeededRun {
        /**
         * Runs the scenario once, on a loop with {@code LoopOptions.withScheduleSeed(seed)}.
         *
         * @throws Exception whatever the scenario throws: the seed failed
         */
        void run(long seed) throws Exception;
    }

    /**
     * Runs {@code run} for seeds 1 to {@code count} (or as the system properties above say),
     * stopping at the first that fails. Does not suspend: call it outside a loop, each run
     * starting its own.
     *
     * @throws AssertionError naming the seed that failed and how to replay it; its cause is
     *     what the run threw
     * @throws IllegalArgumentException if {@code count} is not positive, or a system property
     *     above is malformed
     * @throws NullPointerException if {@code run} is null
     */
    public static void explore(int count, SeededRun run) {
        Objects.requireNonNull(run, "run");
        for (long seed : seeds(count)) {
            runOne(seed, run);
        }
    }

    /**
     * The seeds an exploration of {@code count} seeds runs: 1 to {@code count}, or as many as
     * {@code -Djasyncio.schedule.seeds} says, or only {@code -Djasyncio.schedule.seed}. For test
     * frameworks that run each seed as a test of its own ({@code @AsyncTest(scheduleSeeds = n)}).
     *
     * @throws IllegalArgumentException if {@code count} is not positive, or a system property
     *     above is malformed
     */
    public static long[] seeds(int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("the count of seeds must be positive, got " + count);
        }
        Long replay = Settings.scheduleSeedReplay();
        if (replay != null) {
            return new long[] {replay};
        }
        int n = Settings.scheduleSeedCount(count);
        long[] seeds = new long[n];
        for (int i = 0; i < n; i++) {
            seeds[i] = i + 1;
        }
        return seeds;
    }

    /** The message of a failed seed: which one, and how to replay it. */
    private static String failureMessage(long seed) {
        return "schedule seed " + seed + " failed: replay it with -Djasyncio.schedule.seed=" + seed
                + " or LoopOptions.withScheduleSeed(" + seed + "L)";
    }

    private static void runOne(long seed, SeededRun run) {
        try {
            run.run(seed);
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError vme) {
                throw vme;
            }
            throw new AssertionError(failureMessage(seed), t);
        }
    }
}
