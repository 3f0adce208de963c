package io.jasyncio.examples;

import io.jasyncio.AsyncFuture;
import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo the README's first command runs: named tasks that sleep, compute and hand results to
 * each other on one event loop, printing what runs when.
 */
public final class Demo {
    private static long start;

    private Demo() {
    }

    public static void main(String[] args) {
        start = System.nanoTime();
        say("engine: " + Asyncio.defaultEngine().name().toLowerCase(java.util.Locale.ROOT));
        long total = Asyncio.run(Demo::pipeline);
        say("main returned " + total + "; every task ended, the loop is closed");
        say("--- structured concurrency: a 500 ms request budget, 150 ms per upstream");
        Asyncio.run(() -> RequestDemo.run());
        say("--- network: a chat server and a fleet of clients on loopback");
        NetDemo.run();
    }

    /** Three stages hand results to each other through futures; a ticker shows interleaving. */
    private static long pipeline() {
        EventLoop loop = Asyncio.runningLoop();
        AsyncFuture<List<Integer>> fetched = loop.createFuture();
        AsyncFuture<Long> summed = loop.createFuture();

        Task<Void> ticker = Asyncio.createTask("ticker", () -> {
            for (int i = 1; ; i++) {
                Asyncio.sleep(Duration.ofMillis(40));
                say("tick " + i);
            }
        });
        Task<Void> fetcher = Asyncio.createTask("fetcher", () -> {
            List<Integer> items = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                say("fetching item " + i + " (sleeps 50 ms)");
                Asyncio.sleep(Duration.ofMillis(50));
                items.add(i * 10);
            }
            say("fetched " + items + ", handing them on");
            fetched.setResult(items);
        });
        Task<Void> summer = Asyncio.createTask("summer", () -> {
            say("waiting for items");
            List<Integer> items = fetched.await();
            long sum = 0;
            for (int n : items) {
                sum += slowSquare(n);
                Asyncio.yieldNow();   // let the ticker run between computations
            }
            say("sum of squares = " + sum);
            summed.setResult(sum);
        });
        long result = summed.await();
        fetcher.await();
        summer.await();
        ticker.cancel("pipeline done");
        say("cancelled the ticker: " + ticker);
        return result;
    }

    /** A bit of CPU work standing in for a real computation. */
    private static long slowSquare(int n) {
        long acc = 0;
        for (int i = 0; i < 2_000_000; i++) {
            acc += (i ^ n) & 1;
        }
        say("computed " + n + "^2 (" + (acc > 0 ? "busy" : "idle") + " loop of 2M steps)");
        return (long) n * n;
    }

    static void say(String what) {
        Task<?> t = Asyncio.currentTask();
        System.out.printf("%6.1f ms  %-8s %s%n", (System.nanoTime() - start) / 1e6,
                t == null ? "-" : t.name(), what);
    }
}
