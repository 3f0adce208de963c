package io.jasyncio.bench.peer;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Task;
import io.jasyncio.TaskGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The jasyncio side of the shared peer benchmark ({@code bench/peer run WORKLOAD}): the same
 * workloads as the harness's Python reference ({@code python/aio_bench.py}), written with
 * jasyncio's public API the way a user would.
 *
 * <p>usage: {@code PeerMain WORKLOAD [PORT]}. An in-process workload warms up with 1/10-size
 * passes for at least {@code WARMUP_SECONDS}, then runs full-size passes for at least
 * {@code MEASURE_SECONDS} (at least one) and prints one line
 * {@code RESULT workload=W peer=project value=V unit=U rss_mib=M passes=N engine=E}
 * with the median of the passes. Each pass is one {@code Asyncio.run}, as each Python pass is
 * one {@code asyncio.run}. A workload not built yet prints {@code UNSUPPORTED <reason>} and
 * exits 3. Sizes come from the harness's environment variables.
 *
 * <p>The engine is the JVM's default ({@code -Djasyncio.engine=loop|portable} picks one);
 * {@code bench/peer} runs both and puts the portable figure on the same line.
 *
 * <p>Adding a workload is one method: an in-process one goes into {@link #IN_PROCESS}, a server
 * ({@code echo}, {@code http}) into {@link #SERVERS}; then drop its entry from {@link #NOT_BUILT}.
 */
public final class PeerMain {

    static final int SWITCH_TASKS = env("SWITCH_TASKS", 1000);
    static final int SWITCH_ITERS = env("SWITCH_ITERS", 1000);
    static final int SPAWN_N = env("SPAWN_N", 200_000);
    static final int TIMERS_N = env("TIMERS_N", 100_000);
    /** Project-specific (issue 2): tasks kept suspended at once by {@code idle}. */
    static final int IDLE_N = env("IDLE_N", 1_000_000);
    static final double WARMUP_SECONDS = envSeconds("WARMUP_SECONDS");
    static final double MEASURE_SECONDS = envSeconds("MEASURE_SECONDS");

    /** One pass of an in-process workload, run inside the main task; {@code scale} divides its size. */
    @FunctionalInterface
    interface Workload {
        Result pass(int scale) throws Exception;
    }

    /** A server workload: serves on 127.0.0.1:{@code port} until the process is killed. */
    @FunctionalInterface
    interface Server {
        void serve(int port) throws Exception;
    }

    record Result(double value, String unit) {
    }

    static final Map<String, Workload> IN_PROCESS = Map.of(
            "switch", PeerMain::switchPass,
            "spawn", PeerMain::spawnPass,
            "timers", PeerMain::timersPass,
            "queue", scale -> new Result(QueueWorkload.pass(scale), "items/s"),
            "idle", PeerMain::idlePass);

    static final Map<String, Server> SERVERS = Map.of(
            "echo", NetWorkloads::echo,
            "http", NetWorkloads::http);

    /** Workloads the harness knows that wait for the HTTP layer: answered with exit 3, a skip. */
    static final Map<String, String> NOT_BUILT = Map.of(
            "httpd", "jasyncio has no HTTP server API yet (the HTTP layer is not built)",
            "httpc", "jasyncio has no HTTP client API yet (the HTTP layer is not built)");

    private PeerMain() {
    }

    /** Runs one workload; see the class comment. */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            usage("no workload given");
        }
        String workload = args[0];
        Workload w = IN_PROCESS.get(workload);
        if (w != null) {
            measure(workload, w);
            return;
        }
        Server s = SERVERS.get(workload);
        if (s != null) {
            if (args.length < 2) {
                usage(workload + " needs a port");
            }
            s.serve(Integer.parseInt(args[1]));
            return;
        }
        String reason = NOT_BUILT.get(workload);
        if (reason != null) {
            System.out.println("UNSUPPORTED " + reason);
            System.exit(3);
        }
        usage("unknown workload '" + workload + "'");
    }

    private static void usage(String why) {
        List<String> known = new ArrayList<>(IN_PROCESS.keySet());
        known.addAll(SERVERS.keySet());
        known.addAll(NOT_BUILT.keySet());
        Collections.sort(known);
        System.err.println("PeerMain: " + why + "; usage: PeerMain WORKLOAD [PORT], WORKLOAD one of " + known);
        System.exit(2);
    }

    // ---------------------------------------------------------------- warm-up and measurement

    private static void measure(String workload, Workload w) throws Exception {
        long warmEnd = System.nanoTime() + (long) (WARMUP_SECONDS * 1e9);
        do {
            runPass(w, 10);
        } while (System.nanoTime() < warmEnd);
        List<Double> values = new ArrayList<>();
        String unit;
        long measureEnd = System.nanoTime() + (long) (MEASURE_SECONDS * 1e9);
        do {
            Result r = runPass(w, 1);
            values.add(r.value());
            unit = r.unit();
        } while (System.nanoTime() < measureEnd);
        System.out.printf(Locale.ROOT,
                "RESULT workload=%s peer=project value=%.1f unit=%s rss_mib=%.1f passes=%d engine=%s%n",
                workload, median(values), unit, rssMib(), values.size(),
                Asyncio.defaultEngine().name().toLowerCase(Locale.ROOT));
    }

    private static Result runPass(Workload w, int scale) {
        return Asyncio.run(() -> w.pass(scale));
    }

    static double median(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        Collections.sort(v);
        int k = v.size();
        return k % 2 == 1 ? v.get(k / 2) : (v.get(k / 2 - 1) + v.get(k / 2)) / 2;
    }

    // ---------------------------------------------------------------- workloads

    /** {@code switch}: SWITCH_TASKS tasks in a TaskGroup, each {@code sleep(0)} SWITCH_ITERS times; ns per switch. */
    static Result switchPass(int scale) throws Exception {
        int iters = SWITCH_ITERS / scale;
        long t0 = System.nanoTime();
        TaskGroup.run(tg -> {
            for (int t = 0; t < SWITCH_TASKS; t++) {
                tg.createTask(null, () -> {
                    for (int i = 0; i < iters; i++) {
                        Asyncio.sleep(Duration.ZERO);
                    }
                });
            }
            return null;
        });
        long dt = System.nanoTime() - t0;
        return new Result((double) dt / ((long) SWITCH_TASKS * iters), "ns/switch");
    }

    /** {@code spawn}: SPAWN_N tasks with an empty body in one TaskGroup, created and joined; ns per task. */
    static Result spawnPass(int scale) throws Exception {
        int n = SPAWN_N / scale;
        long t0 = System.nanoTime();
        TaskGroup.run(tg -> {
            for (int i = 0; i < n; i++) {
                tg.createTask(null, () -> { });
            }
            return null;
        });
        long dt = System.nanoTime() - t0;
        return new Result((double) dt / n, "ns/task");
    }

    /** The harness's pseudo-random 0-100 ms delay of task {@code i}, the same in every peer. */
    static long delayMs(long i) {
        return ((i * 2654435761L) % 4294967296L) % 101;
    }

    /** {@code timers}: TIMERS_N tasks in a TaskGroup, each sleeping {@link #delayMs}; wall time beyond 100 ms. */
    static Result timersPass(int scale) throws Exception {
        int n = TIMERS_N / scale;
        long t0 = System.nanoTime();
        TaskGroup.run(tg -> {
            for (int i = 0; i < n; i++) {
                Duration d = Duration.ofMillis(delayMs(i));
                tg.createTask(null, () -> Asyncio.sleep(d));
            }
            return null;
        });
        long dt = System.nanoTime() - t0;
        return new Result(dt / 1e6 - 100.0, "ms_over_100ms");
    }

    /**
     * {@code idle} (project-specific, not in the harness): IDLE_N tasks suspended in an hour-long
     * {@code sleep} at once; heap bytes per task, measured as the heap in use after a full GC
     * with all of them suspended minus the same before creating them. They are then cancelled
     * and awaited. Plain tasks, not a TaskGroup: this is the cost of a task itself (a group adds
     * its bookkeeping of each child).
     */
    static Result idlePass(int scale) throws Exception {
        int n = IDLE_N / scale;
        @SuppressWarnings("unchecked")
        Task<Void>[] tasks = new Task[n];
        long before = heapUsedAfterGc();
        for (int i = 0; i < n; i++) {
            tasks[i] = Asyncio.createTask(null, () -> Asyncio.sleep(Duration.ofHours(1)));
        }
        // every task's first step is queued ahead of ours: when we resume, all are asleep
        Asyncio.sleep(Duration.ZERO);
        long after = heapUsedAfterGc();
        for (Task<Void> t : tasks) {
            t.cancel();
        }
        for (Task<Void> t : tasks) {
            try {
                t.await();
            } catch (CancelledError expected) {
                // the cancellation we asked for
            }
        }
        return new Result((double) (after - before) / n, "bytes/task");
    }

    private static long heapUsedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        // a second collection catches what the first one only made unreachable (finalizable, weak)
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    // ---------------------------------------------------------------- environment

    private static int env(String name, int dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : Integer.parseInt(v.trim());
    }

    private static double envSeconds(String name) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? 1.0 : Double.parseDouble(v.trim());
    }

    /** Peak resident set size (VmHWM), as every peer reports it. */
    static double rssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            // not Linux: report unknown, as the other peers do
        }
        return -1;
    }
}
