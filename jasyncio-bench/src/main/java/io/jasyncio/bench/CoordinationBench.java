package io.jasyncio.bench;

import io.jasyncio.AsyncRunnable;
import io.jasyncio.Asyncio;
import io.jasyncio.EngineKind;
import io.jasyncio.EventLoop;
import io.jasyncio.LoopOptions;
import io.jasyncio.Task;
import io.jasyncio.queues.AsyncQueue;
import io.jasyncio.sync.AsyncLock;
import io.jasyncio.sync.AsyncSemaphore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Coordination costs on both engines, nanoseconds per operation: queue put/get (the WaitQueue
 * park/unpark hot path when contended), lock and semaphore acquire/release uncontended and
 * contended, and the {@code toThread} round trip.
 *
 * <p>Run: {@code java -jar jasyncio-bench/target/jasyncio-bench-*.jar CoordinationBench}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/java.lang=ALL-UNNAMED")
@State(Scope.Thread)
public class CoordinationBench {

    static final int ITEMS = 100_000;
    static final int ACQUIRES = 100_000;
    static final int CONTENDERS = 4;
    static final int THREAD_CALLS = 1_000;

    /** {@code loop} or {@code portable}. */
    @Param({"loop", "portable"})
    public String engine;

    private EventLoop loop;

    /** One loop per trial on the chosen engine. */
    @Setup(Level.Trial)
    public void openLoop() {
        loop = Asyncio.newEventLoop(LoopOptions.defaults().withEngine(EngineKind.valueOf(engine.toUpperCase(Locale.ROOT))));
    }

    /** Closes the loop. */
    @TearDown(Level.Trial)
    public void closeLoop() {
        loop.close();
    }

    private void run(AsyncRunnable body) {
        loop.runUntilComplete(loop.createTask("bench", () -> {
            body.run();
            return null;
        }));
    }

    /** One producer and one consumer over {@code AsyncQueue(1000)}; one operation is one item. */
    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long queuePutGet() {
        long[] sum = {0};
        run(() -> {
            AsyncQueue<Integer> q = new AsyncQueue<>(1000);
            Task<Void> consumer = Asyncio.createTask("consumer", () -> {
                for (int i = 0; i < ITEMS; i++) {
                    sum[0] += q.get();
                }
            });
            for (int i = 0; i < ITEMS; i++) {
                q.put(i);
            }
            consumer.await();
        });
        return sum[0];
    }

    /** put then get in one task, never waiting; one operation is one put plus one get. */
    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long queueUncontended() {
        long[] sum = {0};
        run(() -> {
            AsyncQueue<Integer> q = new AsyncQueue<>(1000);
            for (int i = 0; i < ITEMS; i++) {
                q.put(i);
                sum[0] += q.get();
            }
        });
        return sum[0];
    }

    /**
     * putNowait then getNowait in one task: the non-suspending path, whose only overhead over
     * the {@code ArrayDeque} is the loop-confinement check; one operation is one pair.
     */
    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long queueNowait() {
        long[] sum = {0};
        run(() -> {
            AsyncQueue<Integer> q = new AsyncQueue<>(1000);
            for (int i = 0; i < ITEMS; i++) {
                q.putNowait(i);
                sum[0] += q.getNowait();
            }
        });
        return sum[0];
    }

    /** acquire + release of a free lock; one operation is one pair. */
    @Benchmark
    @OperationsPerInvocation(ACQUIRES)
    public void lockUncontended() {
        run(() -> {
            AsyncLock lock = new AsyncLock();
            for (int i = 0; i < ACQUIRES; i++) {
                try (var h = lock.acquire()) {
                    // empty critical section
                }
            }
        });
    }

    /**
     * {@value #CONTENDERS} tasks take turns: each holds the lock across a yield, so every
     * acquire waits and every release hands the lock over; one operation is one acquire/release.
     */
    @Benchmark
    @OperationsPerInvocation(ACQUIRES)
    public void lockContended() {
        run(() -> {
            AsyncLock lock = new AsyncLock();
            contend(() -> {
                try (var h = lock.acquire()) {
                    Asyncio.yieldNow();
                }
            });
        });
    }

    /** acquire + release of a semaphore with free permits. */
    @Benchmark
    @OperationsPerInvocation(ACQUIRES)
    public void semaphoreUncontended() {
        run(() -> {
            AsyncSemaphore s = new AsyncSemaphore(4);
            for (int i = 0; i < ACQUIRES; i++) {
                try (var p = s.acquire()) {
                    // empty
                }
            }
        });
    }

    /** {@value #CONTENDERS} tasks over 2 permits, each holding a permit across a yield. */
    @Benchmark
    @OperationsPerInvocation(ACQUIRES)
    public void semaphoreContended() {
        run(() -> {
            AsyncSemaphore s = new AsyncSemaphore(2);
            contend(() -> {
                try (var p = s.acquire()) {
                    Asyncio.yieldNow();
                }
            });
        });
    }

    private static void contend(AsyncRunnable step) {
        List<Task<Void>> ts = new ArrayList<>();
        for (int t = 0; t < CONTENDERS; t++) {
            ts.add(Asyncio.createTask("contender-" + t, () -> {
                for (int i = 0; i < ACQUIRES / CONTENDERS; i++) {
                    step.run();
                }
            }));
        }
        for (Task<Void> t : ts) {
            t.await();
        }
    }

    /** One {@code toThread} call of a trivial function, waited for; latency per round trip. */
    @Benchmark
    @OperationsPerInvocation(THREAD_CALLS)
    public long toThreadRoundTrip() {
        long[] sum = {0};
        run(() -> {
            for (int i = 0; i < THREAD_CALLS; i++) {
                int k = i;
                sum[0] += Asyncio.toThread(() -> k);
            }
        });
        return sum[0];
    }
}
