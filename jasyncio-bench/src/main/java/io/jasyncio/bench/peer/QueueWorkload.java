package io.jasyncio.bench.peer;

import io.jasyncio.Asyncio;
import io.jasyncio.queues.AsyncQueue;

/**
 * The peer harness's {@code queue} workload, as {@code python/aio_bench.py}'s {@code w_queue}
 * does it: one producer puts {@code QUEUE_N / scale} integers into a queue of maximum size
 * {@code QUEUE_MAX}, one consumer gets and sums them, both in one task group; the sum is
 * checked and the rate is items per second.
 */
public final class QueueWorkload {
    /** Items per full-size pass ({@code QUEUE_N}, default 1,000,000). */
    public static final int QUEUE_N = env("QUEUE_N", 1_000_000);
    /** The queue's maximum size ({@code QUEUE_MAX}, default 1000). */
    public static final int QUEUE_MAX = env("QUEUE_MAX", 1000);

    private QueueWorkload() {
    }

    /**
     * One pass, called in a task (the main task of an {@code Asyncio.run}).
     *
     * @return items per second
     * @throws IllegalStateException if the consumer's sum is wrong
     */
    public static double pass(int scale) {
        int n = QUEUE_N / scale;
        AsyncQueue<Integer> q = new AsyncQueue<>(QUEUE_MAX);
        long[] total = {0};
        long t0 = System.nanoTime();
        Asyncio.taskGroup(tg -> {
            tg.createTask("producer", () -> {
                for (int i = 0; i < n; i++) {
                    q.put(i);
                }
            });
            tg.createTask("consumer", () -> {
                long s = 0;
                for (int i = 0; i < n; i++) {
                    s += q.get();
                }
                total[0] = s;
            });
            return null;
        });
        long dt = System.nanoTime() - t0;
        long expected = (long) n * (n - 1) / 2;
        if (total[0] != expected) {
            throw new IllegalStateException("queue workload summed " + total[0] + ", expected " + expected);
        }
        return n / (dt / 1e9);
    }

    private static int env(String name, int dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : Integer.parseInt(v.trim());
    }

    /** Runs one pass at full size in {@code Asyncio.run} and prints the rate (for a quick look). */
    public static void main(String[] args) {
        for (int i = 0; i < 3; i++) {
            Asyncio.run(() -> pass(10));
        }
        double rate = Asyncio.run(() -> pass(1));
        System.out.printf("queue: %.0f items/s (engine %s)%n", rate, Asyncio.defaultEngine());
    }
}
