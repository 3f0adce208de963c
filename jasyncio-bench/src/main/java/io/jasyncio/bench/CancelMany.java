package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.LoopOptions;
import io.jasyncio.Task;
import io.jasyncio.sync.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How long ending N sleeping tasks takes when they are cancelled, against the same tasks ending
 * normally (issue 10: cancelling 100k sleepers spent most of its time filling
 * {@code CancelledError} stack traces). Not JMH: one figure per way, the median of a few passes,
 * each pass one {@code Asyncio.run}.
 *
 * <pre>
 * java --add-opens java.base/java.lang=ALL-UNNAMED [-Djasyncio.engine=portable] \
 *      -cp jasyncio-core/target/classes:jasyncio-bench/target/classes \
 *      io.jasyncio.bench.CancelMany [tasks=100000] [passes=5] [debug=false]
 * </pre>
 * Prints one line per way: the median milliseconds from the moment the tasks are told to end
 * (cancelled, or their event set) until every one of them has ended.
 */
public final class CancelMany {
    private CancelMany() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        boolean debug = args.length > 2 && Boolean.parseBoolean(args[2]);
        LoopOptions opts = LoopOptions.defaults().withDebug(debug);
        pass(opts, n / 10, true);   // warm-up
        pass(opts, n / 10, false);
        double[] cancelled = new double[passes];
        double[] normal = new double[passes];
        for (int i = 0; i < passes; i++) {
            cancelled[i] = pass(opts, n, true);
            normal[i] = pass(opts, n, false);
        }
        String engine = String.valueOf(Asyncio.defaultEngine()).toLowerCase(java.util.Locale.ROOT);
        System.out.printf("cancel-many engine=%s tasks=%d debug=%s cancelled_ms=%.1f normal_ms=%.1f%n",
                engine, n, debug, median(cancelled), median(normal));
    }

    /** One run: N tasks asleep, then all cancelled (or woken); milliseconds until all ended. */
    private static double pass(LoopOptions opts, int n, boolean cancel) {
        return Asyncio.run(opts, () -> {
            Event wake = new Event();
            List<Task<Void>> tasks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                tasks.add(Asyncio.createTask(null, () -> {
                    if (cancel) {
                        Asyncio.sleep(Duration.ofHours(1));
                    } else {
                        wake.await();
                    }
                }));
            }
            Asyncio.sleep(Duration.ZERO);   // every task is now asleep
            long start = System.nanoTime();
            if (cancel) {
                for (Task<Void> t : tasks) {
                    t.cancel();
                }
            } else {
                wake.set();
            }
            for (Task<Void> t : tasks) {
                try {
                    t.await();
                } catch (CancelledError expected) {
                    // the cancelled pass: every await raises
                }
            }
            return (System.nanoTime() - start) / 1e6;
        });
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
