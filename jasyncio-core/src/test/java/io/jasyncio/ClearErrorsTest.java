package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every misuse the core detects gets an exception that says what happened and what to do
 * instead, and the loop keeps running.
 */
class ClearErrorsTest {

    @Nested
    class WrongThread {

        /** Runs {@code action} on a thread other than the running loop's, from a task, and returns what it threw. */
        private static Throwable fromAnotherThread(Runnable action) {
            return Asyncio.toThread(() -> catchThrowable(action::run));
        }

        @Test
        void loopMethodsFromAForeignThreadWhileRunningNameCallSoonThreadsafe() {
            Loops.runVirtual(() -> {
                EventLoop loop = Asyncio.runningLoop();
                AsyncFuture<String> f = loop.createFuture();
                Task<?> me = Asyncio.currentTask();
                Runnable noop = () -> { };
                for (Runnable misuse : new Runnable[] {
                        () -> loop.callSoon(noop),
                        () -> loop.callLater(Duration.ofSeconds(1), noop),
                        () -> loop.callAt(0, noop),
                        () -> loop.createTask(() -> null),
                        () -> loop.allTasks(),
                        () -> f.setResult("x"),
                        () -> f.setException(new RuntimeException()),
                        () -> f.cancel(),
                        () -> f.addDoneCallback(x -> { }),
                        () -> me.cancel()}) {
                    Throwable t = fromAnotherThread(misuse);
                    assertThat(t).isInstanceOf(WrongThreadException.class)
                            .hasMessageContaining("was called from thread 'jasyncio-to-thread-")
                            .hasMessageContaining("from other threads use loop.callSoonThreadsafe(() -> ...)");
                }
                assertThat(f.isDone()).isFalse();
                // the loop is unharmed, and the thread-safe alternative works
                Throwable none = fromAnotherThread(() -> loop.callSoonThreadsafe(() -> f.setResult("ok")));
                assertThat(none).isNull();
                assertThat(f.await()).isEqualTo("ok");
                return null;
            });
        }

        @Test
        void theThreadThatCreatedALoopMayUseItBeforeItRuns() {
            try (EventLoop loop = Asyncio.newEventLoop(Loops.virtual())) {
                AsyncFuture<String> f = loop.createFuture();
                f.setResult("set before the loop runs");
                loop.callSoon(loop::stop);
                loop.runForever();
                assertThat(f.result()).isEqualTo("set before the loop runs");
            }
        }

        @Test
        void awaitingAFutureOfAnotherLoopSaysTasksOnlyAwaitTheirOwnLoop() {
            try (EventLoop other = Asyncio.newEventLoop(Loops.virtual())) {
                AsyncFuture<String> foreign = other.createFuture();
                Loops.runVirtual(() -> {
                    assertThatThrownBy(foreign::await).isInstanceOf(WrongThreadException.class)
                            .hasMessageContaining("from task 'main'")
                            .hasMessageContaining("a task only awaits objects of its own loop; hand values "
                                    + "between loops with callSoonThreadsafe or a CompletableFuture");
                    return null;
                });
            }
        }
    }

    @Nested
    class OutsideATask {

        private static final String USE_RUN = "run the code with Asyncio.run(() -> ...) or loop.createTask(...)";

        @Test
        void suspendingCallsOutsideATaskSayToUseAsyncioRunOrCreateTask() {
            assertThatThrownBy(() -> Asyncio.sleep(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("sleep() suspends the calling task, so it must be called from a task")
                    .hasMessageContaining(USE_RUN);
            assertThatThrownBy(Asyncio::yieldNow).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("yieldNow() suspends").hasMessageContaining(USE_RUN);
            assertThatThrownBy(() -> Asyncio.await(CompletableFuture.completedFuture(1)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("await(CompletionStage) suspends").hasMessageContaining(USE_RUN);
            assertThatThrownBy(() -> Asyncio.toThread(() -> 1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("toThread() suspends").hasMessageContaining(USE_RUN);
            try (EventLoop loop = Asyncio.newEventLoop(Loops.virtual())) {
                AsyncFuture<String> f = loop.createFuture();
                assertThatThrownBy(f::await).isInstanceOf(IllegalStateException.class)
                        .hasMessageStartingWith("await() suspends").hasMessageContaining(USE_RUN);
            }
        }

        @Test
        void loopQueriesOutsideALoopSaySo() {
            assertThatThrownBy(Asyncio::runningLoop).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no running event loop on thread")
                    .hasMessageContaining("call this from a task, e.g. inside Asyncio.run(() -> ...)");
            assertThatThrownBy(() -> Asyncio.createTask(() -> 1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no running event loop");
        }
    }

    @Nested
    class NestedRuns {

        @Test
        void asyncioRunInsideATaskSaysToAwaitInstead() {
            Loops.runVirtual(() -> {
                assertThatThrownBy(() -> Asyncio.run(() -> 1)).isInstanceOf(IllegalStateException.class)
                        .hasMessage("Asyncio.run() cannot be called from task 'main' of a running event loop: "
                                + "await the work directly, or use createTask(...)");
                return null;
            });
        }

        @Test
        void runUntilCompleteOfTheRunningLoopInsideItsTaskSaysToAwaitInstead() {
            Loops.runVirtual(() -> {
                EventLoop loop = Asyncio.runningLoop();
                assertThatThrownBy(() -> loop.runUntilComplete(loop.createFuture()))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("is already running: await the work from a task of it instead of "
                                + "running the loop again");
                assertThatThrownBy(loop::runForever).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("is already running");
                return null;
            });
        }

        @Test
        void runningALoopFromAPlainCallbackIsRefused() {
            try (EventLoop loop = Asyncio.newEventLoop(Loops.virtual());
                 EventLoop other = Asyncio.newEventLoop(Loops.virtual())) {
                Throwable[] thrown = new Throwable[2];
                loop.callSoon(() -> {
                    thrown[0] = catchThrowable(() -> Asyncio.run(() -> 1));
                    thrown[1] = catchThrowable(() -> other.runUntilComplete(() -> 2));
                    loop.stop();
                });
                loop.runForever();
                assertThat(thrown[0]).isInstanceOf(IllegalStateException.class)
                        .hasMessage("Asyncio.run() cannot be called from a callback of a running event loop: "
                                + "schedule the work with createTask(...)");
                assertThat(thrown[1]).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("from a callback of running EventLoop[")
                        .hasMessageEndingWith("a loop cannot be run from inside another; schedule the work with "
                                + "createTask(...)");
                assertThat(other.runUntilComplete(() -> 3)).isEqualTo(3);
            }
        }

        @Test
        void runningAnotherLoopInsideATaskSaysToAwaitInstead() {
            try (EventLoop other = Asyncio.newEventLoop(Loops.virtual())) {
                Loops.runVirtual(() -> {
                    assertThatThrownBy(() -> other.runUntilComplete(() -> 1))
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("from inside task 'main': a loop cannot be run from a running "
                                    + "loop's task; await the work, or use createTask(...)");
                    return null;
                });
                assertThat(other.runUntilComplete(() -> 2)).isEqualTo(2);
            }
        }
    }

    @Nested
    class FutureMisuse {

        @Test
        void settingAResultTwiceSaysItMayBeSetOnce() {
            try (EventLoop loop = Asyncio.newEventLoop(Loops.virtual())) {
                AsyncFuture<String> f = loop.createFuture();
                f.setResult("first");
                assertThatThrownBy(() -> f.setResult("second")).isInstanceOf(IllegalStateException.class)
                        .hasMessage("Future[finished result=first] is already done: setResult() may be called once; "
                                + "check isDone() first");
                assertThatThrownBy(() -> f.setException(new RuntimeException()))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("is already done: setException() may be called once");
                assertThat(f.result()).isEqualTo("first");
            }
        }

        @Test
        void setExceptionWithACancelledErrorSaysToCancel() {
            try (EventLoop loop = Asyncio.newEventLoop(Loops.virtual())) {
                AsyncFuture<String> f = loop.createFuture();
                assertThatThrownBy(() -> f.setException(new CancelledError("no")))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("setException(CancelledError): use cancel(message) to cancel a future");
                assertThat(f.isDone()).isFalse();
            }
        }

        @Test
        void resultOrExceptionOfAPendingFutureSaysToAwaitIt() {
            try (EventLoop loop = Asyncio.newEventLoop(Loops.virtual())) {
                AsyncFuture<String> f = loop.createFuture();
                assertThatThrownBy(f::result).isInstanceOf(IllegalStateException.class)
                        .hasMessage("Future[pending]: result is not set yet; await it or check isDone() first");
                assertThatThrownBy(f::exception).isInstanceOf(IllegalStateException.class)
                        .hasMessage("Future[pending]: exception is not set yet; await it or check isDone() first");
            }
        }

        @Test
        void aTaskAwaitingItselfIsToldItWouldNeverFinish() {
            Loops.runVirtual(() -> {
                Task<?> me = Asyncio.currentTask();
                assertThatThrownBy(me::await).isInstanceOf(IllegalStateException.class)
                        .hasMessage("Task[main, pending] cannot await itself: it would never finish");
                return null;
            });
        }
    }

    @Nested
    class BadArguments {

        @Test
        void aNegativeSleepOrDelayIsRejectedWithTheValue() {
            Loops.runVirtual(() -> {
                assertThatThrownBy(() -> Asyncio.sleep(Duration.ofMillis(-1)))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("sleep() needs a delay >= 0, got PT-0.001S");
                EventLoop loop = Asyncio.runningLoop();
                assertThatThrownBy(() -> loop.callLater(Duration.ofSeconds(-2), () -> { }))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("callLater delay must not be negative, got PT-2S");
                assertThatThrownBy(() -> loop.setSlowCallbackThreshold(Duration.ZERO))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("slow callback threshold must be positive, got PT0S");
                // the loop is unharmed
                Asyncio.sleep(Duration.ofSeconds(1));
                return null;
            });
        }

        @Test
        void hugeDelaysSaturateInsteadOfOverflowing() {
            Loops.runVirtual(() -> {
                EventLoop loop = Asyncio.runningLoop();
                TimerHandle h = loop.callLater(Duration.ofSeconds(Long.MAX_VALUE), () -> { });
                assertThat(h.when()).isGreaterThan(loop.time());
                h.cancel();
                return null;
            });
        }
    }

    @Nested
    class ClosedLoop {

        @Test
        void aClosedLoopRefusesWorkSayingToCreateANewOne() {
            EventLoop loop = Asyncio.newEventLoop(Loops.virtual());
            loop.close();
            String msg = "is closed: create a new loop, or use Asyncio.run(...)";
            assertThatThrownBy(() -> loop.callSoon(() -> { })).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(msg);
            assertThatThrownBy(() -> loop.callSoonThreadsafe(() -> { })).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(msg);
            assertThatThrownBy(() -> loop.callLater(Duration.ofSeconds(1), () -> { }))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining(msg);
            assertThatThrownBy(() -> loop.createTask(() -> 1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(msg);
            assertThatThrownBy(loop::runForever).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(msg);
            assertThatThrownBy(() -> loop.runUntilComplete(() -> 1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(msg);
        }

        @Test
        void closingARunningLoopSaysToStopItFirst() {
            Loops.runVirtual(() -> {
                EventLoop loop = Asyncio.runningLoop();
                assertThatThrownBy(loop::close).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("while it runs: call stop() first, or let Asyncio.run() close it");
                assertThat(loop.isClosed()).isFalse();
                Asyncio.sleep(Duration.ofSeconds(1));
                return null;
            });
        }
    }
}
