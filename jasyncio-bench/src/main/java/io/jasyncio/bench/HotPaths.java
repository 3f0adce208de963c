package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.TimerHandle;
import java.time.Duration;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hot paths of {@code docs/architecture.md}, one benchmark each, on both engines
 * ({@link LoopState#engine}). Every figure is nanoseconds per operation; what an operation is
 * is said on each method.
 *
 * <p>Run: {@code java -jar jasyncio-bench/target/jasyncio-bench-*.jar HotPaths} (see
 * {@code docs/benchmarks.md}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/java.lang=ALL-UNNAMED")
public class HotPaths {

    static final int SWITCHES = 20_000;
    static final int ITERATIONS = 1_000;
    static final int PUSHES = 100_000;
    static final int TIMERS = 10_000;
    static final int SPAWNS = 10_000;
    private static final Runnable NOOP = () -> { };

    /**
     * Task switch: two tasks ping-pong with {@code sleep(0)}; one operation is one switch (one
     * task suspending and the other resuming).
     */
    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    public void taskSwitch(LoopState s) {
        s.run(() -> {
            Task<Void> other = Asyncio.createTask("ping", () -> yieldTimes(SWITCHES / 2));
            yieldTimes(SWITCHES / 2);
            other.await();
        });
    }

    private static void yieldTimes(int n) {
        for (int i = 0; i < n; i++) {
            Asyncio.sleep(Duration.ZERO);
        }
    }

    /** The number of ready callbacks in each loop iteration of {@link #runOnce}. */
    @State(Scope.Thread)
    public static class ReadyCallbacks {
        /** Callbacks queued before each iteration. */
        @Param({"1", "16", "256"})
        public int callbacks;
    }

    /**
     * {@code runOnce}: one loop iteration that runs {@code callbacks} ready callbacks plus the
     * benchmark task's own step; one operation is one iteration, including queueing the callbacks.
     */
    @Benchmark
    @OperationsPerInvocation(ITERATIONS)
    public void runOnce(LoopState s, ReadyCallbacks r) {
        int n = r.callbacks;
        s.run(() -> {
            EventLoop loop = Asyncio.runningLoop();
            for (int it = 0; it < ITERATIONS; it++) {
                for (int c = 0; c < n; c++) {
                    loop.callSoon(NOOP);
                }
                Asyncio.sleep(Duration.ZERO);
            }
        });
    }

    /**
     * Ready-queue push: {@code callSoon} of a no-op callback, and running it (a yield every 1024
     * pushes lets the loop drain them); one operation is one callback.
     */
    @Benchmark
    @OperationsPerInvocation(PUSHES)
    public void readyQueuePush(LoopState s) {
        s.run(() -> {
            EventLoop loop = Asyncio.runningLoop();
            for (int i = 0; i < PUSHES; i++) {
                loop.callSoon(NOOP);
                if ((i & 1023) == 1023) {
                    Asyncio.sleep(Duration.ZERO);
                }
            }
        });
    }

    /** A timer heap already holding {@code liveTimers} timers an hour away. */
    @State(Scope.Thread)
    public static class TimerLoad {
        /** Live timers in the heap while inserting and cancelling. */
        @Param({"0", "100000"})
        public int liveTimers;

        /** Pseudo-random delays of 0-100 ms, so inserts land all over the heap. */
        final Duration[] delays = new Duration[1024];

        /** Fills the heap of the trial's loop. */
        @Setup(Level.Trial)
        public void fill(LoopState s) {
            for (int i = 0; i < delays.length; i++) {
                delays[i] = Duration.ofMillis(((i * 2654435761L) % 4294967296L) % 101);
            }
            s.run(() -> {
                EventLoop loop = Asyncio.runningLoop();
                for (int i = 0; i < liveTimers; i++) {
                    loop.callLater(Duration.ofHours(1).plusNanos(i), NOOP);
                }
            });
        }
    }

    /**
     * Timer insert and cancel: {@code callLater} then {@code cancel} of the handle, with
     * {@code liveTimers} other timers in the heap; one operation is one insert plus one cancel.
     */
    @Benchmark
    @OperationsPerInvocation(TIMERS)
    public void timerInsertCancel(LoopState s, TimerLoad t) {
        Duration[] delays = t.delays;
        s.run(() -> {
            EventLoop loop = Asyncio.runningLoop();
            for (int i = 0; i < TIMERS; i++) {
                TimerHandle h = loop.callLater(delays[i & 1023], NOOP);
                h.cancel();
            }
        });
    }

    /**
     * Spawn: {@code createTask} of a no-op body and awaiting it, {@value #SPAWNS} tasks created
     * before the first await; one operation is one task.
     */
    @Benchmark
    @OperationsPerInvocation(SPAWNS)
    public void spawn(LoopState s) {
        s.run(() -> {
            @SuppressWarnings("unchecked")
            Task<Void>[] tasks = new Task[SPAWNS];
            for (int i = 0; i < SPAWNS; i++) {
                tasks[i] = Asyncio.createTask(() -> null);
            }
            for (Task<Void> t : tasks) {
                t.await();
            }
        });
    }

    /**
     * {@link #spawn} on a loop with eager task start: each no-op body runs inside
     * {@code createTask} and the task is done when it returns, so no trip through the ready
     * queue.
     */
    @Benchmark
    @OperationsPerInvocation(SPAWNS)
    public void spawnEager(LoopState.Eager s) {
        spawn(s);
    }
}
