package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code Asyncio.run}: where it may be called from, and how it ends. */
class AsyncioRunTest {

    @Test
    void runWorksWhenCalledFromAVirtualThread() throws Exception {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(Loops.runVirtual(() -> {
                    Task<String> child = Asyncio.createTask("child", () -> {
                        Asyncio.sleep(Duration.ofSeconds(1));
                        return Thread.currentThread().isVirtual() ? "child on a virtual thread" : "child on a platform thread";
                    });
                    return child.await() + " of " + Asyncio.runningLoop().engine();
                }));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo("child on a virtual thread of " + Loops.expectedEngine());
    }

    @Test
    void severalLoopsRunAtOnceOnDifferentThreads() throws Exception {
        int loops = 3;
        CountDownLatch allRunning = new CountDownLatch(loops);
        Set<EventLoop> seen = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 0; i < loops; i++) {
            String id = "loop" + i;
            CompletableFuture<String> r = new CompletableFuture<>();
            results.add(r);
            Thread.ofPlatform().name(id).start(() -> {
                try {
                    r.complete(Loops.runVirtual(() -> {
                        seen.add(Asyncio.runningLoop());
                        allRunning.countDown();
                        // returns true only if every loop is running at the same time
                        boolean together = Asyncio.toThread(() -> allRunning.await(20, TimeUnit.SECONDS));
                        List<String> log = new ArrayList<>();
                        Task<Void> a = Asyncio.createTask("a", () -> {
                            log.add("a");
                            Asyncio.sleep(Duration.ZERO);
                            log.add("a");
                        });
                        Task<Void> b = Asyncio.createTask("b", () -> {
                            log.add("b");
                            Asyncio.sleep(Duration.ZERO);
                            log.add("b");
                        });
                        a.await();
                        b.await();
                        return id + " together=" + together + " " + log + " tasks=" + Asyncio.allTasks().size();
                    }));
                } catch (Throwable t) {
                    r.completeExceptionally(t);
                }
            });
        }
        for (int i = 0; i < loops; i++) {
            assertThat(results.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("loop" + i + " together=true [a, b, a, b] tasks=1");
        }
        assertThat(seen).hasSize(loops);
    }

    @Test
    void runCancelsAndAwaitsLeftoverTasksThenClosesTheLoop() {
        List<String> log = new CopyOnWriteArrayList<>();
        EventLoop[] loop = new EventLoop[1];
        Task<?>[] leftover = new Task<?>[1];
        String r = Loops.runVirtual(() -> {
            loop[0] = Asyncio.runningLoop();
            leftover[0] = Asyncio.createTask("leftover", () -> {
                try {
                    Asyncio.sleep(Duration.ofHours(1));
                } catch (CancelledError e) {
                    log.add("leftover cancelled: " + e.getMessage());
                    throw e;
                } finally {
                    Asyncio.sleep(Duration.ofSeconds(1));
                    log.add("leftover cleaned up");
                }
            });
            Asyncio.sleep(Duration.ZERO);
            return "main done";
        });
        assertThat(r).isEqualTo("main done");
        assertThat(leftover[0].isCancelled()).isTrue();
        assertThat(log).containsExactly(
                "leftover cancelled: the main task ended; Asyncio.run() cancels the tasks still pending",
                "leftover cleaned up");
        assertThat(loop[0].isClosed()).isTrue();
        assertThat(loop[0].isRunning()).isFalse();
    }

    @Test
    void runRethrowsTheMainTasksFailureAndStillClosesTheLoop() {
        EventLoop[] loop = new EventLoop[1];
        IllegalStateException boom = new IllegalStateException("main failed");
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> Loops.runVirtual(() -> {
            loop[0] = Asyncio.runningLoop();
            throw boom;
        }));
        assertThat(thrown).isSameAs(boom);
        assertThat(loop[0].isClosed()).isTrue();
    }

    /** Issue 8: a VirtualMachineError ends the run, as asyncio's KeyboardInterrupt/SystemExit do. */
    @Test
    void aStackOverflowErrorInATaskEndsTheRunAndComesOutOfRunAfterTheOtherTasksCleanedUp() {
        List<String> log = new CopyOnWriteArrayList<>();
        List<ExceptionContext> reports = new CopyOnWriteArrayList<>();
        EventLoop[] loop = new EventLoop[1];
        StackOverflowError overflow = new StackOverflowError("too deep");
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> Loops.runVirtual(() -> {
            loop[0] = Asyncio.runningLoop();
            loop[0].setExceptionHandler((l, c) -> reports.add(c));
            Asyncio.createTask("recursive", () -> {
                throw overflow;
            });
            try {
                Asyncio.sleep(Duration.ofHours(1));
                log.add("main slept an hour");
            } finally {
                log.add("main cleaned up");
            }
            return null;
        }));
        assertThat(thrown).isSameAs(overflow);
        assertThat(log).containsExactly("main cleaned up");
        assertThat(loop[0].isClosed()).isTrue();
        assertThat(reports).as("the error left through run: it is not also 'never retrieved'").isEmpty();
    }

    @Test
    void anOutOfMemoryErrorInAPlainCallbackEndsTheLoopsRunToo() {
        OutOfMemoryError oom = new OutOfMemoryError("thrown on purpose");
        try (EventLoop loop = Asyncio.newEventLoop(Loops.virtual())) {
            loop.callSoon(() -> {
                throw oom;
            });
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(loop::runForever);
            assertThat(thrown).isSameAs(oom);
            assertThat(loop.isRunning()).isFalse();
        }
    }

    @Test
    void otherErrorsInATaskStayTheTasksOutcome() {
        AssertionError failed = new AssertionError("an ordinary Error");
        String r = Loops.runVirtual(() -> {
            Task<Void> t = Asyncio.createTask("asserts", () -> {
                throw failed;
            });
            Asyncio.sleep(Duration.ofSeconds(1));
            return t.exception() == failed ? "the task's outcome" : "lost";
        });
        assertThat(r).isEqualTo("the task's outcome");
    }

    /** Issue 10: a task that swallows every cancellation must not keep run from returning. */
    @Test
    void aTaskSwallowingEveryCancellationIsReportedWithItsStackAfterTheGraceAndRunReturns() {
        List<ExceptionContext> reports = new CopyOnWriteArrayList<>();
        EventLoop[] loop = new EventLoop[1];
        String r = Asyncio.run(Loops.virtual().withShutdownGrace(Duration.ofSeconds(5)), () -> {
            loop[0] = Asyncio.runningLoop();
            loop[0].setExceptionHandler((l, c) -> reports.add(c));
            Asyncio.createTask("stubborn", AsyncioRunTest::swallowEveryCancellation);
            Asyncio.sleep(Duration.ZERO);
            return "main done";
        });
        assertThat(r).isEqualTo("main done");
        assertThat(loop[0].isClosed()).isTrue();
        assertThat(reports).singleElement().satisfies(c -> {
            assertThat(c.message()).startsWith("Task 'stubborn' was still running PT5S (loop time) after Asyncio.run() "
                    + "cancelled it").contains("LoopOptions.withShutdownGrace");
            assertThat(c.task().name()).isEqualTo("stubborn");
            assertThat(c.exception().getStackTrace())
                    .anyMatch(f -> f.getMethodName().equals("swallowEveryCancellation"));
        });
    }

    private static void swallowEveryCancellation() {
        while (true) {
            try {
                Asyncio.sleep(Duration.ofHours(1));
            } catch (CancelledError e) {
                // swallowed on purpose
            }
        }
    }

    @Test
    void theShutdownGraceIsThirtySecondsByDefault() {
        assertThat(LoopOptions.defaults().shutdownGrace()).isEqualTo(Duration.ofSeconds(30))
                .isEqualTo(LoopOptions.DEFAULT_SHUTDOWN_GRACE);
    }
}
