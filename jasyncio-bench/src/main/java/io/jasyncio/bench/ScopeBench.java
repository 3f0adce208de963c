package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.Awaitable;
import io.jasyncio.TaskGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Structured-concurrency costs, measured the same way as {@code bench/python/scopes.py} does for
 * CPython asyncio so {@code bench/scopes} can print both in one run:
 * <ul>
 * <li>{@code timeout}: enter and exit a timeout scope around a body that does not suspend;</li>
 * <li>{@code taskgroup}: spawn one child into a TaskGroup and join it, per child (1000 per group);</li>
 * <li>{@code gather}: gather 1000 trivial tasks, per gather.</li>
 * </ul>
 * Prints {@code RESULT op=NAME ns_per_op=V} lines (median of several passes after a warm-up).
 */
public final class ScopeBench {
    private ScopeBench() {
    }

    public static void main(String[] args) {
        double warm = Double.parseDouble(System.getenv().getOrDefault("WARMUP_SECONDS", "2"));
        double measure = Double.parseDouble(System.getenv().getOrDefault("MEASURE_SECONDS", "2"));
        System.out.println("# engine " + Asyncio.defaultEngine());
        report("timeout", () -> timeouts(100_000), 100_000, warm, measure);
        report("taskgroup", () -> group(1000), 100 * 1000, warm, measure);
        report("gather", () -> gather(1000), 100, warm, measure);
    }

    private static void report(String op, Runnable pass, int opsPerPass, double warm, double measure) {
        long end = System.nanoTime() + (long) (warm * 1e9);
        while (System.nanoTime() < end) {
            pass.run();
        }
        List<Double> samples = new ArrayList<>();
        end = System.nanoTime() + (long) (measure * 1e9);
        do {
            long t0 = System.nanoTime();
            pass.run();
            samples.add((System.nanoTime() - t0) / (double) opsPerPass);
        } while (System.nanoTime() < end || samples.size() < 5);
        double[] s = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("RESULT op=%s ns_per_op=%.1f passes=%d%n", op, s[s.length / 2], s.length);
    }

    private static void timeouts(int n) {
        Asyncio.run(() -> {
            long acc = 0;
            for (int i = 0; i < n; i++) {
                int v = i;
                acc += Asyncio.timeout(Duration.ofSeconds(10), () -> v);
            }
            return acc;
        });
    }

    private static void group(int children) {
        Asyncio.run(() -> {
            // one pass = many groups, so the per-run overhead of Asyncio.run does not count
            for (int g = 0; g < 100; g++) {
                TaskGroup.run(tg -> {
                    for (int i = 0; i < children; i++) {
                        tg.createTask(() -> null);
                    }
                    return null;
                });
            }
            return null;
        });
    }

    private static void gather(int n) {
        Asyncio.run(() -> {
            for (int g = 0; g < 100; g++) {
                List<Awaitable<Integer>> tasks = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    int v = i;
                    tasks.add(Asyncio.createTask(() -> v));
                }
                Asyncio.gather(tasks);
            }
            return null;
        });
    }
}
