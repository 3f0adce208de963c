package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.annotations.Validate;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Lincheck (stress strategy) on the entry points other threads use: {@code callSoonThreadsafe}
 * and {@code runCoroutineThreadsafe}. Each scenario calls them from several threads at once on a
 * fresh loop; the validation then runs the loop and checks that every callback ran exactly once
 * and every submitted task's future completed with its own value. The operations return nothing,
 * so linearizability is trivial; the checks that matter are in {@link #everyCallbackRanOnce()}.
 *
 * <p>Stress and not model checking: the model checker would have to instrument what the
 * operations touch, {@code java.nio} selectors and virtual-thread internals included, and was not
 * attempted; stress mode runs the real code on real threads (30 iterations x 200 invocations of
 * 3 threads x 3 operations, a few seconds per engine).
 */
@Param(name = "value", gen = IntGen.class, conf = "1:1000")
public class ThreadSafeEntryPointsLincheckTest {
    private final EventLoop loop = Asyncio.newEventLoop();
    private final ConcurrentLinkedQueue<Integer> scheduled = new ConcurrentLinkedQueue<>();
    private final ConcurrentHashMap<Integer, Integer> ran = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Object[]> submitted = new ConcurrentLinkedQueue<>();
    private int seq;

    @Operation
    public void callSoonThreadsafe(@Param(name = "value") int v) {
        int id = next(v);
        scheduled.add(id);
        loop.callSoonThreadsafe(() -> ran.merge(id, 1, Integer::sum));
    }

    @Operation
    public void runCoroutineThreadsafe(@Param(name = "value") int v) {
        int id = next(v);
        CompletableFuture<Integer> cf = Asyncio.runCoroutineThreadsafe(loop, () -> {
            Asyncio.yieldNow();
            return id;
        });
        submitted.add(new Object[] {id, cf});
    }

    private synchronized int next(int v) {
        return ++seq * 10_000 + v;
    }

    @Validate
    public void everyCallbackRanOnce() throws Exception {
        try {
            AsyncFuture<Void> allDone = loop.createFuture();
            loop.callSoonThreadsafe(() -> loop.createTask("drain", () -> {
                for (Object[] s : submitted) {
                    Asyncio.await((CompletableFuture<?>) s[1]);
                }
                allDone.setResult(null);
                return null;
            }));
            loop.runUntilComplete(allDone);
            for (Integer id : scheduled) {
                if (ran.getOrDefault(id, 0) != 1) {
                    throw new IllegalStateException("callback " + id + " ran " + ran.get(id) + " times");
                }
            }
            if (ran.size() != scheduled.size()) {
                throw new IllegalStateException("ran " + ran.size() + " callbacks, scheduled " + scheduled.size());
            }
            for (Object[] s : submitted) {
                Object got = ((CompletableFuture<?>) s[1]).get(10, TimeUnit.SECONDS);
                if (!s[0].equals(got)) {
                    throw new IllegalStateException("task " + s[0] + " completed with " + got);
                }
            }
        } finally {
            loop.close();
        }
    }

    /**
     * Runs the check in a child JVM: Lincheck's agent retransforms classes that are already
     * loaded, and in the shared test JVM (after other suites loaded many classes) JDK 25 refuses
     * that with "class redefinition failed: invalid class"; a fresh JVM has nothing to redefine.
     */
    @Test
    void threadSafeEntryPointsUnderConcurrentCallers() throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = List.of(javaBin, "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-Djasyncio.engine=" + Loops.expectedEngine().name().toLowerCase(java.util.Locale.ROOT),
                "-cp", System.getProperty("java.class.path"), ThreadSafeEntryPointsLincheckTest.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        assertThat(out).as("child output").contains("lincheck: passed");
        assertThat(p.exitValue()).isZero();
    }

    /** The child JVM: runs Lincheck and prints the outcome. */
    public static void main(String[] args) {
        StressOptions options = new StressOptions()
                .iterations(30)
                .invocationsPerIteration(200)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(0)
                .actorsAfter(0)
                .sequentialSpecification(Spec.class);
        try {
            LinChecker.check(ThreadSafeEntryPointsLincheckTest.class, options);
        } catch (Throwable t) {
            t.printStackTrace(System.out);
            System.out.println("lincheck: failed");
            System.exit(1);
        }
        System.out.println("lincheck: passed");
        System.exit(0);
    }

    /** The sequential view: both operations just return. */
    public static final class Spec {
        public void callSoonThreadsafe(int v) {
        }

        public void runCoroutineThreadsafe(int v) {
        }
    }
}
