package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.sync.CapacityLimiter;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ToThreadTest {

    /**
     * Waits for {@code t} to end whatever its outcome. (A sleep would not do: a virtual clock
     * stands still while a thread call runs.)
     */
    static void awaitEnd(Task<?> t) {
        try {
            t.await();
        } catch (Throwable ignored) {
            // the outcome is checked by the caller
        }
    }

    static void yieldUntilDone(Task<?> t) {
        for (int i = 0; i < 100 && !t.isDone(); i++) {
            Asyncio.yieldNow();
        }
    }

    @Test
    void tenThousandConcurrentCallsAllRunAtOnce() {
        int n = 10_000;
        long sum = Loops.runVirtual(() -> {
            CountDownLatch allStarted = new CountDownLatch(n);
            List<Task<Integer>> tasks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int k = i;
                tasks.add(Asyncio.createTask(() -> Asyncio.toThread(() -> {
                    allStarted.countDown();
                    // returns only when every call runs at the same time
                    return allStarted.await(30, TimeUnit.SECONDS) ? k : -1;
                })));
            }
            long s = 0;
            for (Task<Integer> t : tasks) {
                s += t.await();
            }
            return s;
        });
        assertThat(sum).isEqualTo((long) n * (n - 1) / 2);
    }

    /**
     * A worker that keeps its CPU busy must not hold the loop: on the loop engine a thread
     * created from a task would be scheduled by the loop (its parent's scheduler).
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"default", "virtual-thread-per-task", "cpu"})
    void workersRunOffTheLoopThread(String which) {
        ExecutorService vts = Executors.newVirtualThreadPerTaskExecutor();
        long turns = Loops.runVirtual(() -> {
            java.util.concurrent.atomic.AtomicBoolean spinning = new java.util.concurrent.atomic.AtomicBoolean(true);
            CountDownLatch started = new CountDownLatch(1);
            java.util.concurrent.Callable<Void> spin = () -> {
                started.countDown();
                long end = System.nanoTime() + 300_000_000L;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
                spinning.set(false);
                return null;
            };
            Task<Void> busy = Asyncio.createTask(() -> switch (which) {
                case "default" -> Asyncio.toThread(spin);
                case "cpu" -> Asyncio.compute(spin);
                default -> Asyncio.runInExecutor(vts, spin);
            });
            Asyncio.toThread(() -> started.await(10, TimeUnit.SECONDS));
            long n = 0;
            while (spinning.get() && n < 1_000_000) {
                Asyncio.yieldNow();   // the loop keeps turning while the worker spins
                n++;
            }
            busy.await();
            return n;
        });
        vts.shutdown();
        assertThat(turns).isGreaterThan(10);
    }

    @Test
    void aRejectedCallFailsTheCallerAndTheLoopGoesOn() {
        ExecutorService closed = Executors.newSingleThreadExecutor();
        closed.shutdown();
        Loops.runVirtual(() -> {
            assertThatThrownBy(() -> Asyncio.runInExecutor(closed, () -> 1))
                    .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
            assertThat(Asyncio.toThread(() -> 2)).isEqualTo(2);
            return null;
        });
    }

    @Test
    void exceptionsComeBackAsThrown() {
        Loops.runVirtual(() -> {
            assertThatThrownBy(() -> Asyncio.toThread(() -> {
                throw new IllegalArgumentException("bad input");
            })).isInstanceOf(IllegalArgumentException.class).hasMessage("bad input");
            assertThatThrownBy(() -> Asyncio.toThread(() -> {
                throw new IOException("disk");
            })).isInstanceOf(AsyncExecutionException.class).hasCauseInstanceOf(IOException.class);
            assertThat(Asyncio.runningLoop().isRunning()).isTrue();
            return null;
        });
    }

    @Nested
    class Cancellation {
        @Test
        void defaultAbandonsTheCallAndDoesNotInterrupt() throws Exception {
            CountDownLatch release = new CountDownLatch(1);
            boolean[] interrupted = {false};
            CountDownLatch finished = new CountDownLatch(1);
            Loops.runVirtual(() -> {
                CountDownLatch started = new CountDownLatch(1);
                Task<String> t = Asyncio.createTask(() -> Asyncio.toThread(() -> {
                    started.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        interrupted[0] = true;
                    }
                    finished.countDown();
                    return "late";
                }));
                Asyncio.toThread(() -> started.await(10, TimeUnit.SECONDS));
                t.cancel();
                yieldUntilDone(t);
                assertThat(t.isCancelled()).isTrue();   // did not wait for the thread
                release.countDown();
                return null;
            });
            assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(interrupted[0]).isFalse();
        }

        @Test
        void interruptOnCancelInterruptsTheWorker() {
            Loops.runVirtual(() -> {
                CountDownLatch started = new CountDownLatch(1);
                boolean[] interrupted = {false};
                ThreadOptions opts = ThreadOptions.defaults().withAbandonOnCancel(false).withInterruptOnCancel(true);
                Task<String> t = Asyncio.createTask(() -> Asyncio.toThread(opts, () -> {
                    started.countDown();
                    try {
                        new CountDownLatch(1).await(30, TimeUnit.SECONDS);
                        return "not interrupted";
                    } catch (InterruptedException e) {
                        interrupted[0] = true;
                        throw e;
                    }
                }));
                Asyncio.toThread(() -> started.await(10, TimeUnit.SECONDS));
                t.cancel();
                awaitEnd(t);
                assertThat(interrupted[0]).isTrue();
                assertThat(t.isCancelled()).isTrue();   // the InterruptedException gives way to the cancel
                return null;
            });
        }

        @Test
        void withoutAbandonTheTaskWaitsForTheThreadAndGetsItsValue() {
            Loops.runVirtual(() -> {
                CountDownLatch started = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                ThreadOptions opts = ThreadOptions.defaults().withAbandonOnCancel(false);
                List<String> log = new ArrayList<>();
                Task<Void> t = Asyncio.createTask(() -> {
                    log.add(Asyncio.toThread(opts, () -> {
                        started.countDown();
                        release.await(10, TimeUnit.SECONDS);
                        return "value";
                    }));
                    Asyncio.yieldNow();   // the cancellation is delivered here
                    log.add("not reached");
                    return null;
                });
                Asyncio.toThread(() -> started.await(10, TimeUnit.SECONDS));
                t.cancel();
                for (int i = 0; i < 20; i++) {
                    Asyncio.yieldNow();
                }
                assertThat(t.isDone()).isFalse();
                release.countDown();
                awaitEnd(t);
                assertThat(t.isCancelled()).isTrue();
                assertThat(log).containsExactly("value");
                return null;
            });
        }
    }

    @Test
    void aLimiterBoundsConcurrentCallsAndCountsAbandonedOnesUntilTheyEnd() {
        int max = Loops.runVirtual(() -> {
            CapacityLimiter limiter = new CapacityLimiter(8);
            ThreadOptions opts = ThreadOptions.defaults().withLimiter(limiter::acquire);
            AtomicInteger running = new AtomicInteger();
            AtomicInteger peak = new AtomicInteger();
            List<Task<Void>> ts = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                ts.add(Asyncio.createTask(() -> Asyncio.toThread(opts, () -> {
                    peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                    Thread.sleep(1);
                    running.decrementAndGet();
                    return null;
                })));
            }
            for (Task<Void> t : ts) {
                t.await();
            }
            assertThat(limiter.borrowedTokens()).isZero();
            return peak.get();
        });
        assertThat(max).isBetween(1, 8);
    }

    @Test
    void computeRunsOnTheCpuPoolAndRunInExecutorOnTheGivenOne() throws Exception {
        ExecutorService mine = Executors.newSingleThreadExecutor(r -> new Thread(r, "mine"));
        try {
            List<String> names = Loops.runVirtual(() -> List.of(
                    Asyncio.compute(() -> Thread.currentThread().getName()),
                    Asyncio.runInExecutor(mine, () -> Thread.currentThread().getName()),
                    Asyncio.toThread(() -> Thread.currentThread().isVirtual() ? "virtual" : "platform")));
            assertThat(names.get(0)).startsWith("jasyncio-cpu-");
            assertThat(names.get(1)).isEqualTo("mine");
            assertThat(names.get(2)).isEqualTo("virtual");
        } finally {
            mine.shutdown();
        }
    }

    @Nested
    class FromOtherThreads {
        @Test
        void runCoroutineThreadsafeReturnsTheOutcome() throws Exception {
            List<Object> got = Loops.runVirtual(() -> {
                EventLoop loop = Asyncio.runningLoop();
                return Asyncio.toThread(() -> {
                    CompletableFuture<Integer> ok = Asyncio.runCoroutineThreadsafe(loop, () -> {
                        Asyncio.yieldNow();
                        return 42;
                    });
                    CompletableFuture<Integer> bad = Asyncio.runCoroutineThreadsafe(loop, () -> {
                        throw new IllegalStateException("boom");
                    });
                    Object failure;
                    try {
                        bad.get(10, TimeUnit.SECONDS);
                        failure = null;
                    } catch (ExecutionException e) {
                        failure = e.getCause().getMessage();
                    }
                    return List.of(ok.get(10, TimeUnit.SECONDS), failure);
                });
            });
            assertThat(got).containsExactly(42, "boom");
        }

        @Test
        void cancellingTheCompletableFutureCancelsTheTask() {
            Loops.runVirtual(() -> {
                EventLoop loop = Asyncio.runningLoop();
                AsyncFuture<Task<?>> started = loop.createFuture();
                CompletableFuture<String> cf = Asyncio.toThread(() -> Asyncio.runCoroutineThreadsafe(loop, () -> {
                    started.setResult(Asyncio.currentTask());
                    Asyncio.sleep(Duration.ofHours(1));
                    return "slept";
                }));
                Task<?> task = started.await();
                Asyncio.toThread(() -> cf.cancel(true));
                awaitEnd(task);
                assertThat(task.isCancelled()).isTrue();
                assertThatThrownBy(cf::join).isInstanceOf(CancellationException.class);
                return null;
            });
        }
    }

    @Test
    void asyncioRunWaitsForAbandonedThreadCallsBeforeItReturns() {
        java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
        Loops.runVirtual(() -> {
            CountDownLatch started = new CountDownLatch(1);
            Task<Void> caller = Asyncio.createTask(() -> Asyncio.toThread(() -> {
                started.countDown();
                Thread.sleep(100);
                finished.set(true);
                return null;
            }));
            Asyncio.toThread(() -> started.await(10, TimeUnit.SECONDS));
            caller.cancel();   // abandoned: main ends while the thread still runs
            return null;
        });
        assertThat(finished.get()).as("Asyncio.run returned only after the thread call ended").isTrue();
    }

    @Test
    void shutdownDefaultExecutorWaitsForRunningCallsThenRefusesNewOnes() {
        Loops.runVirtual(() -> {
            CountDownLatch started = new CountDownLatch(1);
            AtomicInteger done = new AtomicInteger();
            Task<Void> caller = Asyncio.createTask(() -> Asyncio.toThread(() -> {
                started.countDown();
                Thread.sleep(50);
                done.incrementAndGet();
                return null;
            }));
            Asyncio.await(CompletableFuture.runAsync(() -> {
                try {
                    started.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
            Asyncio.runningLoop().shutdownDefaultExecutor(Duration.ofSeconds(30));
            assertThat(done.get()).isEqualTo(1);
            caller.await();
            assertThatThrownBy(() -> Asyncio.toThread(() -> 1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("shut down");
            return null;
        });
    }
}
