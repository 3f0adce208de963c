package io.jasyncio;

import static io.jasyncio.Loops.runVirtual;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A body that suspends {@link #STEPS} times, each suspension holding a resource, is cancelled
 * at its k-th suspension point for every k. Every {@code finally} must run, every resource must
 * be released, and the outcome must be the right one for the scope the body runs in.
 */
class CancellationAtEveryCheckpointTest {
    static final int STEPS = 5;

    /** Open resources and finally blocks that ran, per run. */
    static final class Tracker {
        int open;
        int finallies;
        int stepsDone;
    }

    /** Suspends STEPS times at t = 0..STEPS-1 ms, holding one resource across each suspension. */
    static String body(Tracker tr) {
        for (int i = 0; i < STEPS; i++) {
            tr.open++;
            try {
                Asyncio.sleep(Duration.ofMillis(1));
                tr.stepsDone++;
            } finally {
                tr.open--;
                tr.finallies++;
            }
        }
        return "completed";
    }

    /** Runs {@code scoped} in a task and cancels it from outside half-way into step k. */
    static String cancelAt(int k, Tracker tr, AsyncCallable<String> scoped) {
        return runVirtual(() -> {
            Task<String> t = Asyncio.createTask("victim", scoped);
            Asyncio.runningLoop().callAt(Asyncio.runningLoop().time() + (k - 1) * 1_000_000L + 500_000L,
                    () -> t.cancel("at step " + k));
            try {
                return t.await();
            } catch (CancelledError e) {
                return "cancelled: " + e.getMessage();
            } catch (AsyncTimeoutException e) {
                return "timed out";
            } catch (ExceptionGroup g) {
                return "group: " + g.exceptions();
            }
        });
    }

    static void assertClean(Tracker tr, int k) {
        assertThat(tr.open).as("resources still open").isZero();
        assertThat(tr.finallies).as("finally blocks run").isEqualTo(k);
    }

    @ParameterizedTest(name = "k={0}")
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void plainTask(int k) {
        Tracker tr = new Tracker();
        assertThat(cancelAt(k, tr, () -> body(tr))).isEqualTo("cancelled: at step " + k);
        assertClean(tr, k);
        assertThat(tr.stepsDone).isEqualTo(k - 1);
    }

    @ParameterizedTest(name = "k={0}")
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void insideATaskGroupBodyAndItsChild(int k) {
        Tracker body = new Tracker();
        Tracker child = new Tracker();
        String r = cancelAt(k, body, () -> TaskGroup.run(tg -> {
            tg.createTask("child", () -> body(child));
            return body(body);
        }));
        assertThat(r).isEqualTo("cancelled: at step " + k);
        assertClean(body, k);
        assertThat(child.open).isZero();
        assertThat(child.finallies).isBetween(k - 1, k);
    }

    @ParameterizedTest(name = "k={0}")
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void insideATimeoutCancelledFromOutside(int k) {
        Tracker tr = new Tracker();
        String r = cancelAt(k, tr, () -> Asyncio.timeout(Duration.ofHours(1), () -> body(tr)));
        assertThat(r).isEqualTo("cancelled: at step " + k);
        assertClean(tr, k);
    }

    @ParameterizedTest(name = "k={0}")
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void insideATimeoutThatExpiresAtStepK(int k) {
        Tracker tr = new Tracker();
        String r = runVirtual(() -> {
            try {
                return Asyncio.timeout(Duration.ofNanos((k - 1) * 1_000_000L + 500_000L), () -> body(tr));
            } catch (AsyncTimeoutException e) {
                return "timed out";
            }
        });
        assertThat(r).isEqualTo("timed out");
        assertClean(tr, k);
    }

    @ParameterizedTest(name = "k={0}")
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void insideAShieldTheBodyCompletesAndTheCancellationComesAfter(int k) {
        Tracker tr = new Tracker();
        List<String> log = new ArrayList<>();
        String r = cancelAt(k, tr, () -> {
            log.add(Asyncio.shielded(() -> body(tr)));
            Asyncio.sleep(Duration.ZERO);
            log.add("after the shield (wrong)");
            return "done";
        });
        assertThat(r).isEqualTo("cancelled: at step " + k);
        assertThat(log).containsExactly("completed");
        assertThat(tr.open).isZero();
        assertThat(tr.stepsDone).isEqualTo(STEPS);
    }

    @ParameterizedTest(name = "k={0}")
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void awaitingAFutureTheFutureIsCancelledToo(int k) {
        Tracker tr = new Tracker();
        List<AsyncFuture<String>> futures = new ArrayList<>();
        String r = cancelAt(k, tr, () -> {
            for (int i = 0; i < STEPS; i++) {
                AsyncFuture<String> f = Asyncio.runningLoop().createFuture();
                futures.add(f);
                Asyncio.runningLoop().callLater(Duration.ofMillis(1), () -> {
                    if (!f.isDone()) {
                        f.setResult("v");
                    }
                });
                tr.open++;
                try {
                    f.await();
                } finally {
                    tr.open--;
                    tr.finallies++;
                }
            }
            return "completed";
        });
        assertThat(r).isEqualTo("cancelled: at step " + k);
        assertClean(tr, k);
        assertThat(futures.get(k - 1).isCancelled()).isTrue();
    }

    @ParameterizedTest(name = "k={0}")
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void waitingOnAQueueNoItemIsLost(int k) {
        Tracker tr = new Tracker();
        io.jasyncio.queues.AsyncQueue<Integer> q = new io.jasyncio.queues.AsyncQueue<>(1);
        List<Integer> got = new ArrayList<>();
        int[] produced = {0};
        String r = cancelAt(k, tr, () -> {
            // the producer puts one item per millisecond, from t = 1 ms on
            Asyncio.createTask("producer", () -> {
                for (int i = 0; i < STEPS; i++) {
                    Asyncio.sleep(Duration.ofMillis(1));
                    q.put(i);
                    produced[0]++;
                }
            });
            for (int i = 0; i < STEPS; i++) {
                tr.open++;
                try {
                    got.add(q.get());
                    tr.stepsDone++;
                } finally {
                    tr.open--;
                    tr.finallies++;
                }
            }
            return "completed";
        });
        assertThat(r).isEqualTo("cancelled: at step " + k);
        assertClean(tr, k);
        // every item put was either received or is still in the queue, in order
        List<Integer> all = new ArrayList<>(got);
        while (!q.isEmpty()) {
            all.add(q.getNowait());
        }
        assertThat(all).hasSize(produced[0]).isSorted();
    }
}

