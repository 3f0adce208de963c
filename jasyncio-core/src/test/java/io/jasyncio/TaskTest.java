package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Tasks: lifecycle, names, introspection, cancellation and reachability. */
class TaskTest {

    @Nested
    class Lifecycle {

        @Test
        void aTaskIsPendingUntilItsBodyReturnsThenFinishedWithTheValue() {
            Loops.runVirtual(() -> {
                Task<String> t = Asyncio.createTask("t", () -> {
                    Asyncio.sleep(Duration.ofSeconds(1));
                    return "v";
                });
                assertThat(t.isDone()).isFalse();
                assertThat(t.toString()).isEqualTo("Task[t, pending]");
                assertThat(t.await()).isEqualTo("v");
                assertThat(t.isDone()).isTrue();
                assertThat(t.isCancelled()).isFalse();
                assertThat(t.result()).isEqualTo("v");
                assertThat(t.exception()).isNull();
                assertThat(t.toString()).isEqualTo("Task[t, finished]");
                return null;
            });
        }

        @Test
        void aTaskWhoseBodyThrowsFailsWithThatException() {
            Loops.runVirtual(() -> {
                IllegalArgumentException boom = new IllegalArgumentException("boom");
                Task<String> t = Asyncio.createTask("t", () -> {
                    throw boom;
                });
                assertThatThrownBy(t::await).isSameAs(boom);
                assertThat(t.exception()).isSameAs(boom);
                assertThat(t.isCancelled()).isFalse();
                assertThat(t.toString()).isEqualTo("Task[t, failed]");
                return null;
            });
        }

        @Test
        void setResultAndSetExceptionOnATaskAreRefused() {
            Loops.runVirtual(() -> {
                Task<String> t = Asyncio.createTask("t", () -> "v");
                assertThatThrownBy(() -> t.setResult("x")).isInstanceOf(UnsupportedOperationException.class)
                        .hasMessageContaining("a task's result is the value its body returns");
                assertThatThrownBy(() -> t.setException(new RuntimeException()))
                        .isInstanceOf(UnsupportedOperationException.class)
                        .hasMessageContaining("a task fails when its body throws");
                return t.await();
            });
        }
    }

    @Nested
    class NamesAndIntrospection {

        @Test
        void unnamedTasksAreNamedTaskNWithIncreasingNumbers() {
            Loops.runVirtual(() -> {
                Task<Integer> a = Asyncio.createTask(() -> 1);
                Task<Integer> b = Asyncio.createTask(() -> 2);
                assertThat(a.name()).matches("Task-\\d+");
                assertThat(b.name()).matches("Task-\\d+");
                long na = Long.parseLong(a.name().substring(5));
                long nb = Long.parseLong(b.name().substring(5));
                assertThat(nb).isGreaterThan(na);
                return a.await() + b.await();
            });
        }

        @Test
        void currentTaskIsTheRunningTaskAndNullOutsideTasks() {
            assertThat(Asyncio.currentTask()).isNull();
            Loops.runVirtual(() -> {
                Task<?> main = Asyncio.currentTask();
                assertThat(main.name()).isEqualTo("main");
                Task<Task<?>> child = Asyncio.createTask("child", Asyncio::currentTask);
                assertThat(child.await()).isSameAs(child);
                return null;
            });
        }

        @Test
        void allTasksHoldsThePendingTasksOfTheLoopOnly() {
            Loops.runVirtual(() -> {
                Task<Void> sleeper = Asyncio.createTask("sleeper", () -> Asyncio.sleep(Duration.ofSeconds(1)));
                Task<Integer> quick = Asyncio.createTask("quick", () -> 1);
                quick.await();
                Set<Task<?>> all = Asyncio.allTasks();
                assertThat(all).containsExactlyInAnyOrder(Asyncio.currentTask(), sleeper);
                sleeper.await();
                assertThat(Asyncio.allTasks()).containsExactly(Asyncio.currentTask());
                return null;
            });
        }

        @Test
        void aSuspendedTaskShowsWhatItAwaitsAndItsStack() {
            Loops.runVirtual(() -> {
                Task<Void> sleeper = Asyncio.createTask("sleeper", () -> Asyncio.sleep(Duration.ofSeconds(1)));
                Asyncio.sleep(Duration.ZERO);
                assertThat(sleeper.toString()).isEqualTo("Task[sleeper, pending, awaiting sleep]");
                assertThat(sleeper.stack()).anyMatch(f -> f.getMethodName().equals("sleep")
                        && f.getClassName().equals(Asyncio.class.getName()));
                sleeper.await();
                assertThat(sleeper.stack()).isEmpty();
                return null;
            });
        }
    }

    @Nested
    class Cancellation {

        /** Issue 10: filling stack traces dominated the cost of cancelling many tasks. */
        @Test
        void aDeliveredCancellationCarriesAStackTraceOnlyInDebugMode() {
            for (boolean debug : new boolean[] {false, true}) {
                CancelledError[] seen = new CancelledError[2];
                Asyncio.run(Loops.virtual().withDebug(debug), () -> {
                    Task<Void> sleeper = Asyncio.createTask("sleeper", () -> {
                        try {
                            Asyncio.sleep(Duration.ofHours(1));
                        } catch (CancelledError e) {
                            seen[0] = e;
                            throw e;
                        }
                    });
                    Asyncio.sleep(Duration.ZERO);
                    sleeper.cancel("stop");
                    try {
                        sleeper.await();
                    } catch (CancelledError e) {
                        seen[1] = e;
                    }
                    return null;
                });
                assertThat(seen[0]).hasMessage("stop");
                assertThat(seen[1]).hasMessage("stop");
                if (debug) {
                    assertThat(seen[0].getStackTrace()).as("delivered, debug mode")
                            .anyMatch(f -> f.getMethodName().equals("sleep"));
                    assertThat(seen[1].getStackTrace()).as("raised to the awaiter, debug mode").isNotEmpty();
                } else {
                    assertThat(seen[0].getStackTrace()).as("delivered").isEmpty();
                    assertThat(seen[1].getStackTrace()).as("raised to the awaiter").isEmpty();
                }
            }
        }

        @Test
        void cancelIsDeliveredAtTheNextSuspensionPointWithItsMessage() {
            List<String> log = new CopyOnWriteArrayList<>();
            Loops.runVirtual(() -> {
                Task<Void> t = Asyncio.createTask("victim", () -> {
                    Asyncio.currentTask().cancel("stop now");
                    log.add("still running after cancel()");
                    try {
                        Asyncio.sleep(Duration.ofSeconds(1));
                        log.add("slept");
                    } catch (CancelledError e) {
                        log.add("cancelled: " + e.getMessage());
                        throw e;
                    }
                });
                assertThatThrownBy(t::await).isInstanceOf(CancelledError.class).hasMessage("stop now");
                assertThat(t.isCancelled()).isTrue();
                assertThat(t.toString()).isEqualTo("Task[victim, cancelled]");
                return null;
            });
            assertThat(log).containsExactly("still running after cancel()", "cancelled: stop now");
        }

        @Test
        void cancellingASleepingTaskWakesItAtOnce() {
            Loops.runVirtual(() -> {
                EventLoop loop = Asyncio.runningLoop();
                long t0 = loop.time();
                Task<Void> t = Asyncio.createTask("sleeper", () -> Asyncio.sleep(Duration.ofHours(1)));
                Asyncio.sleep(Duration.ZERO);
                assertThat(t.cancel("bye")).isTrue();
                assertThatThrownBy(t::await).isInstanceOf(CancelledError.class).hasMessage("bye");
                assertThat(loop.time() - t0).isZero();
                assertThat(t.cancel("again")).isFalse();
                return null;
            });
        }

        @Test
        void theFutureATaskAwaitsIsCancelledToo() {
            Loops.runVirtual(() -> {
                AsyncFuture<String> f = Asyncio.runningLoop().createFuture();
                Task<String> t = Asyncio.createTask("waiter", f::await);
                Asyncio.sleep(Duration.ZERO);
                t.cancel("no longer needed");
                assertThatThrownBy(t::await).isInstanceOf(CancelledError.class).hasMessage("no longer needed");
                assertThat(f.isCancelled()).isTrue();
                assertThatThrownBy(f::result).isInstanceOf(CancelledError.class).hasMessage("no longer needed");
                return null;
            });
        }

        @Test
        void theAwaitedTaskIsCancelledTooAndTheAwaiterWaitsUntilItHasEnded() {
            List<String> log = new CopyOnWriteArrayList<>();
            Loops.runVirtual(() -> {
                Task<Void> inner = Asyncio.createTask("inner", () -> {
                    try {
                        Asyncio.sleep(Duration.ofHours(1));
                    } finally {
                        Asyncio.sleep(Duration.ofSeconds(1));
                        log.add("inner cleaned up");
                    }
                });
                Task<Void> outer = Asyncio.createTask("outer", () -> {
                    try {
                        inner.await();
                    } catch (CancelledError e) {
                        log.add("outer cancelled, inner done=" + inner.isDone());
                        throw e;
                    }
                });
                Asyncio.sleep(Duration.ZERO);
                outer.cancel("shutdown");
                assertThatThrownBy(outer::await).isInstanceOf(CancelledError.class);
                assertThat(inner.isCancelled()).isTrue();
                return null;
            });
            assertThat(log).containsExactly("inner cleaned up", "outer cancelled, inner done=true");
        }

        @Test
        void aCancellationPendingWhenATaskStartsToAwaitIsPassedOnToTheAwaitedTaskAndFuture() {
            // bpo-34872: the awaited objects are cancelled, and a task is awaited to its end
            List<String> log = new CopyOnWriteArrayList<>();
            Loops.runVirtual(() -> {
                Task<Void> inner = Asyncio.createTask("inner", () -> {
                    try {
                        Asyncio.sleep(Duration.ofHours(1));
                    } finally {
                        Asyncio.sleep(Duration.ofSeconds(1));
                        log.add("inner cleaned up");
                    }
                });
                AsyncFuture<String> f = Asyncio.runningLoop().createFuture();
                Task<Void> outer = Asyncio.createTask("outer", () -> {
                    Asyncio.currentTask().cancel("self");
                    try {
                        inner.await();
                    } catch (CancelledError e) {
                        log.add("outer: " + e.getMessage() + ", inner done=" + inner.isDone());
                    }
                    Asyncio.currentTask().cancel("self again");
                    try {
                        f.await();
                    } catch (CancelledError e) {
                        log.add("outer: " + e.getMessage() + ", future cancelled=" + f.isCancelled());
                    }
                });
                outer.await();
                assertThat(inner.isCancelled()).isTrue();
                return null;
            });
            assertThat(log).containsExactly("inner cleaned up", "outer: self, inner done=true",
                    "outer: self again, future cancelled=true");
        }

        @Test
        void aTaskCancelledBeforeItStartsNeverRunsItsBody() {
            List<String> log = new CopyOnWriteArrayList<>();
            Loops.runVirtual(() -> {
                Task<Void> t = Asyncio.createTask("never", () -> {
                    log.add("body ran");
                });
                t.cancel("too early");
                assertThatThrownBy(t::await).isInstanceOf(CancelledError.class).hasMessage("too early");
                assertThat(t.isCancelled()).isTrue();
                return null;
            });
            assertThat(log).isEmpty();
        }

        @Test
        void aTaskThatCatchesTheCancellationAndReturnsIsNotCancelled() {
            Loops.runVirtual(() -> {
                Task<String> t = Asyncio.createTask("stubborn", () -> {
                    try {
                        Asyncio.sleep(Duration.ofHours(1));
                        return "slept";
                    } catch (CancelledError e) {
                        return "caught " + e.getMessage();
                    }
                });
                Asyncio.sleep(Duration.ZERO);
                t.cancel("please stop");
                assertThat(t.await()).isEqualTo("caught please stop");
                assertThat(t.isCancelled()).isFalse();
                return null;
            });
        }

        @Test
        void aTaskWhoseBodyReturnsWithACancellationUndeliveredEndsCancelled() {
            Loops.runVirtual(() -> {
                Task<String> t = Asyncio.createTask("quick", () -> {
                    Asyncio.currentTask().cancel("after the last checkpoint");
                    return "value";
                });
                assertThatThrownBy(t::await).isInstanceOf(CancelledError.class)
                        .hasMessage("after the last checkpoint");
                assertThat(t.isCancelled()).isTrue();
                return null;
            });
        }

        @Test
        void cleanupInCatchAndFinallyMayAwait() {
            List<String> log = new CopyOnWriteArrayList<>();
            Loops.runVirtual(() -> {
                EventLoop loop = Asyncio.runningLoop();
                Task<Void> t = Asyncio.createTask("worker", () -> {
                    long t0 = loop.time();
                    try {
                        Asyncio.sleep(Duration.ofHours(1));
                    } catch (CancelledError e) {
                        Asyncio.sleep(Duration.ofSeconds(1));
                        log.add("catch awaited " + Duration.ofNanos(loop.time() - t0));
                        throw e;
                    } finally {
                        Task<String> helper = Asyncio.createTask("helper", () -> "helped");
                        log.add("finally awaited " + helper.await());
                    }
                });
                Asyncio.sleep(Duration.ZERO);
                t.cancel();
                assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
                return null;
            });
            assertThat(log).containsExactly("catch awaited PT1S", "finally awaited helped");
        }

        @Test
        void cancellingCountsRequestsAndUncancelWithdrawsThem() {
            Loops.runVirtual(() -> {
                Task<String> t = Asyncio.createTask("t", () -> "ran");
                assertThat(t.cancelling()).isZero();
                t.cancel("one");
                t.cancel("two");
                assertThat(t.cancelling()).isEqualTo(2);
                assertThat(t.toString()).isEqualTo("Task[t, pending, cancelling=2]");
                assertThat(t.uncancel()).isEqualTo(1);
                assertThat(t.uncancel()).isZero();
                assertThat(t.uncancel()).isZero();
                // every request withdrawn before delivery: the body runs normally
                assertThat(t.await()).isEqualTo("ran");
                return null;
            });
        }

        @Test
        void aTaskThatUncancelsAfterCatchingCarriesOnUncancelled() {
            Loops.runVirtual(() -> {
                Task<String> t = Asyncio.createTask("t", () -> {
                    try {
                        Asyncio.sleep(Duration.ofHours(1));
                    } catch (CancelledError e) {
                        assertThat(Asyncio.currentTask().cancelling()).isEqualTo(1);
                        Asyncio.currentTask().uncancel();
                    }
                    Asyncio.sleep(Duration.ofSeconds(1));
                    return "carried on, cancelling=" + Asyncio.currentTask().cancelling();
                });
                Asyncio.sleep(Duration.ZERO);
                t.cancel();
                assertThat(t.await()).isEqualTo("carried on, cancelling=0");
                return null;
            });
        }

        @Test
        void anAwaitedTaskThatSwallowsTheCancellationStillCancelsItsAwaiter() {
            // documented deviation from asyncio (docs/semantics.md): the request cannot be lost
            Loops.runVirtual(() -> {
                Task<String> inner = Asyncio.createTask("swallower", () -> {
                    try {
                        Asyncio.sleep(Duration.ofHours(1));
                        return "slept";
                    } catch (CancelledError e) {
                        return "swallowed";
                    }
                });
                Task<String> outer = Asyncio.createTask("outer", inner::await);
                Asyncio.sleep(Duration.ZERO);
                outer.cancel("outer cancelled");
                assertThatThrownBy(outer::await).isInstanceOf(CancelledError.class).hasMessage("outer cancelled");
                assertThat(outer.isCancelled()).isTrue();
                assertThat(inner.result()).isEqualTo("swallowed");
                return null;
            });
        }

        @Test
        void theAwaiterOfATaskThatSwallowsTheCancellationGetsTheValueAndIsCancelledAtItsNextCheckpoint() {
            List<String> log = new ArrayList<>();
            Loops.runVirtual(() -> {
                Task<String> inner = Asyncio.createTask("swallower", () -> {
                    try {
                        Asyncio.sleep(Duration.ofHours(1));
                        return "slept";
                    } catch (CancelledError e) {
                        return "swallowed";
                    }
                });
                Task<Void> outer = Asyncio.createTask("outer", () -> {
                    log.add("await returned " + inner.await());
                    try {
                        Asyncio.sleep(Duration.ZERO);
                        log.add("ran on (wrong)");
                    } catch (CancelledError e) {
                        log.add("next checkpoint raised: " + e.getMessage());
                        throw e;
                    }
                });
                Asyncio.sleep(Duration.ZERO);
                outer.cancel("outer cancelled");
                assertThatThrownBy(outer::await).isInstanceOf(CancelledError.class);
                return null;
            });
            assertThat(log).containsExactly("await returned swallowed", "next checkpoint raised: outer cancelled");
        }

        @Test
        void aValueArrivingInTheSameIterationAsACancelIsReturnedAndTheCancelComesAtTheNextCheckpoint() {
            List<String> log = new CopyOnWriteArrayList<>();
            Loops.runVirtual(() -> {
                EventLoop loop = Asyncio.runningLoop();
                AsyncFuture<String> f = loop.createFuture();
                Task<Void> t = Asyncio.createTask("t", () -> {
                    log.add("got " + f.await());
                    try {
                        Asyncio.sleep(Duration.ZERO);
                        log.add("no cancel");
                    } catch (CancelledError e) {
                        log.add("then cancelled: " + e.getMessage());
                        throw e;
                    }
                });
                Asyncio.sleep(Duration.ZERO);
                loop.callSoon(() -> {
                    f.setResult("value");
                    t.cancel("late cancel");
                });
                assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
                return null;
            });
            assertThat(log).containsExactly("got value", "then cancelled: late cancel");
        }

        @Test
        void catchExceptionDoesNotCatchTheCancellation() {
            assertThat(Exception.class.isAssignableFrom(CancelledError.class)).isFalse();
            List<String> log = new CopyOnWriteArrayList<>();
            Loops.runVirtual(() -> {
                Task<Void> t = Asyncio.createTask("t", () -> {
                    try {
                        Asyncio.sleep(Duration.ofHours(1));
                    } catch (Exception e) {
                        log.add("swallowed by catch (Exception)");
                    }
                });
                Asyncio.sleep(Duration.ZERO);
                t.cancel();
                assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
                assertThat(t.isCancelled()).isTrue();
                return null;
            });
            assertThat(log).isEmpty();
        }
    }

    /** {@code LoopOptions.withEagerTasks}: asyncio 3.12's eager task factory (issue 8). */
    @Nested
    class EagerStart {

        private <T> T runEager(AsyncCallable<T> main) {
            return Asyncio.run(Loops.virtual().withEagerTasks(true), main);
        }

        @Test
        void byDefaultCreateTaskReturnsBeforeTheBodyRuns() {
            List<String> log = new CopyOnWriteArrayList<>();
            Loops.runVirtual(() -> {
                Task<Void> t = Asyncio.createTask("child", () -> {
                    log.add("child");
                });
                log.add("created");
                t.await();
                return null;
            });
            assertThat(log).containsExactly("created", "child");
        }

        @Test
        void theBodyRunsUntilItsFirstSuspensionBeforeCreateTaskReturns() {
            List<String> log = new CopyOnWriteArrayList<>();
            runEager(() -> {
                Task<Void> t = Asyncio.createTask("child", () -> {
                    log.add("child runs");
                    Asyncio.sleep(Duration.ZERO);
                    log.add("child resumed");
                });
                log.add("created");
                t.await();
                return null;
            });
            assertThat(log).containsExactly("child runs", "created", "child resumed");
        }

        @Test
        void aBodyThatNeverSuspendsIsAlreadyDoneWhenCreateTaskReturns() {
            String r = runEager(() -> {
                Task<String> t = Asyncio.createTask("cached", () -> "hit");
                return t.isDone() ? t.result() : "not done";
            });
            assertThat(r).isEqualTo("hit");
        }

        @Test
        void theCreatorResumesRightAfterTheFirstStepAheadOfCallbacksAlreadyQueued() {
            List<String> log = new CopyOnWriteArrayList<>();
            runEager(() -> {
                Asyncio.runningLoop().callSoon(() -> log.add("queued callback"));
                Task<Void> t = Asyncio.createTask("child", () -> {
                    log.add("child");
                    Asyncio.sleep(Duration.ZERO);
                });
                log.add("creator");
                t.await();
                return null;
            });
            assertThat(log).containsExactly("child", "creator", "queued callback");
        }

        @Test
        void nestedEagerStartsUnwindLikeNestedCalls() {
            List<String> log = new CopyOnWriteArrayList<>();
            runEager(() -> {
                Task<Void> outer = Asyncio.createTask("outer", () -> {
                    log.add("outer starts");
                    Task<Void> inner = Asyncio.createTask("inner", () -> {
                        log.add("inner starts");
                        Asyncio.sleep(Duration.ZERO);
                        log.add("inner resumed");
                    });
                    log.add("outer created inner");
                    inner.await();
                });
                log.add("main created outer");
                outer.await();
                return null;
            });
            assertThat(log).containsExactly("outer starts", "inner starts", "outer created inner",
                    "main created outer", "inner resumed");
        }

        @Test
        void aTaskCreatedFromAPlainCallbackRunsInsideThatCallback() {
            List<String> log = new CopyOnWriteArrayList<>();
            try (EventLoop loop = Asyncio.newEventLoop(Loops.virtual().withEagerTasks(true))) {
                loop.callSoon(() -> {
                    Task<Void> t = loop.createTask("child", () -> {
                        log.add("child runs as " + Asyncio.currentTask().name());
                        Asyncio.sleep(Duration.ZERO);
                        log.add("child resumed");
                        return null;
                    });
                    log.add("callback goes on, child done=" + t.isDone());
                });
                loop.callLater(Duration.ofSeconds(1), loop::stop);
                loop.runForever();
            }
            assertThat(log).containsExactly("child runs as child", "callback goes on, child done=false", "child resumed");
        }

        @Test
        void aChildThatFailsInItsEagerStepStillFailsItsTaskGroup() {
            IllegalStateException boom = new IllegalStateException("boom");
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> runEager(() -> TaskGroup.run(tg -> {
                tg.createTask("fails at once", () -> {
                    throw boom;
                });
                Asyncio.sleep(Duration.ofHours(1));
                return null;
            })));
            assertThat(thrown).isInstanceOf(ExceptionGroup.class);
            assertThat(((ExceptionGroup) thrown).exceptions()).containsExactly(boom);
        }

        @Test
        void taskGroupStartStillReturnsTheChildsReadyValue() {
            String r = runEager(() -> TaskGroup.run(tg -> {
                String port = tg.start("server", status -> {
                    status.started("8080");
                    Asyncio.sleep(Duration.ofSeconds(1));
                });
                return "ready on " + port;
            }));
            assertThat(r).isEqualTo("ready on 8080");
        }

        @Test
        void aTaskGroupStartChildFailingBeforeReadinessFailsStartNotTheGroup() {
            String r = runEager(() -> TaskGroup.run(tg -> {
                try {
                    tg.start("bind", status -> {
                        throw new IllegalStateException("bind failed");
                    });
                    return "start returned";
                } catch (IllegalStateException e) {
                    return "start threw: " + e.getMessage();
                }
            }));
            assertThat(r).isEqualTo("start threw: bind failed");
        }

        @Test
        void tasksCreatedBeforeTheLoopRunsStartLazily() {
            List<String> log = new CopyOnWriteArrayList<>();
            try (EventLoop loop = Asyncio.newEventLoop(Loops.virtual().withEagerTasks(true))) {
                Task<Boolean> t = loop.createTask("early", () -> log.add("early runs"));
                log.add("created");
                loop.runUntilComplete(t);
            }
            assertThat(log).containsExactly("created", "early runs");
        }
    }

    @Nested
    class Reachability {

        @Test
        void unreferencedTasksSurviveGarbageCollectionAndComplete() {
            int n = 100_000;
            int finished = Loops.runVirtual(() -> {
                EventLoop loop = Asyncio.runningLoop();
                int[] done = {0};
                for (int i = 0; i < n; i++) {
                    // each waits on a future only its own stack knows: the loop alone keeps it
                    loop.createTask(() -> {
                        try {
                            loop.<Void>createFuture().await();
                        } catch (CancelledError e) {
                            done[0]++;
                        }
                        return null;
                    });
                }
                Asyncio.sleep(Duration.ZERO);
                System.gc();
                Asyncio.sleep(Duration.ZERO);
                assertThat(done[0]).isZero();
                Task<?> me = Asyncio.currentTask();
                List<Task<?>> all = new ArrayList<>(Asyncio.allTasks());
                assertThat(all).hasSize(n + 1);
                for (Task<?> t : all) {
                    if (t != me) {
                        t.cancel("wake up");
                    }
                }
                for (int i = 0; i < 100 && done[0] < n; i++) {
                    Asyncio.sleep(Duration.ZERO);
                }
                return done[0];
            });
            assertThat(finished).isEqualTo(n);
        }
    }
}
