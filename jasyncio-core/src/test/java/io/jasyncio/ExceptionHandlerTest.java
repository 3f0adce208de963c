package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What reaches the loop's exception handler: failures nobody retrieved, and callbacks that threw. */
class ExceptionHandlerTest {

    @Nested
    class FailuresNeverRetrieved {

        @Test
        void areReportedWhenTheLoopClosesEvenIfTheFutureIsStillReferenced() {
            List<ExceptionContext> reports = new CopyOnWriteArrayList<>();
            IOException taskFailure = new IOException("task failure");
            IllegalStateException futureFailure = new IllegalStateException("future failure");
            EventLoop loop = Asyncio.newEventLoop(Loops.virtual());
            loop.setExceptionHandler((l, c) -> reports.add(c));
            Task<Object> doomed = loop.createTask("doomed", () -> {
                throw taskFailure;
            });
            AsyncFuture<String> f = loop.createFuture();
            f.setException(futureFailure);
            loop.runUntilComplete(() -> {
                Asyncio.sleep(Duration.ofSeconds(1));
                return null;
            });
            assertThat(doomed.isDone()).isTrue();
            assertThat(reports).isEmpty();
            loop.close();
            assertThat(reports).hasSize(2);
            assertThat(reports).anySatisfy(c -> {
                assertThat(c.message()).isEqualTo("Task exception was never retrieved: Task[doomed, failed]");
                assertThat(c.exception()).isSameAs(taskFailure);
                assertThat(c.task()).isSameAs(doomed);
                assertThat(c.future()).isSameAs(doomed);
            });
            assertThat(reports).anySatisfy(c -> {
                assertThat(c.message()).startsWith("Future exception was never retrieved: Future[failed");
                assertThat(c.exception()).isSameAs(futureFailure);
                assertThat(c.future()).isSameAs(f);
            });
            Reference.reachabilityFence(doomed);
            Reference.reachabilityFence(f);
        }

        @Test
        void areReportedWhileTheLoopRunsOnceTheFutureIsGarbageCollected() {
            List<String> reports = new CopyOnWriteArrayList<>();
            Loops.runVirtual(() -> {
                EventLoop loop = Asyncio.runningLoop();
                loop.setExceptionHandler((l, c) -> reports.add((l.isRunning() ? "while running: " : "at close: ")
                        + c.message() + " / " + c.exception().getMessage()));
                dropAFailedFuture(loop);
                for (int i = 0; i < 200 && reports.isEmpty(); i++) {
                    System.gc();
                    Asyncio.sleep(Duration.ZERO);
                }
                return null;
            });
            assertThat(reports).containsExactly(
                    "while running: Future exception was never retrieved: Future[failed exception="
                            + "java.lang.IllegalStateException: dropped] / dropped");
        }

        private static void dropAFailedFuture(EventLoop loop) {
            loop.createFuture().setException(new IllegalStateException("dropped"));
        }

        @Test
        void areNotReportedOnceRetrievedByAwaitResultOrException() {
            List<ExceptionContext> reports = new CopyOnWriteArrayList<>();
            EventLoop loop = Asyncio.newEventLoop(Loops.virtual());
            loop.setExceptionHandler((l, c) -> reports.add(c));
            loop.runUntilComplete(() -> {
                Task<Object> awaited = Asyncio.createTask(() -> {
                    throw new IllegalStateException("awaited");
                });
                assertThatThrownBy(awaited::await).hasMessage("awaited");
                AsyncFuture<String> byResult = loop.createFuture();
                byResult.setException(new IOException("by result"));
                assertThatThrownBy(byResult::result).hasRootCauseMessage("by result");
                AsyncFuture<String> byException = loop.createFuture();
                byException.setException(new IOException("by exception"));
                assertThat(byException.exception()).hasMessage("by exception");
                return null;
            });
            loop.close();
            assertThat(reports).isEmpty();
        }

        @Test
        void aPendingTaskLeftAtCloseIsReported() {
            List<ExceptionContext> reports = new CopyOnWriteArrayList<>();
            EventLoop loop = Asyncio.newEventLoop(Loops.virtual());
            loop.setExceptionHandler((l, c) -> reports.add(c));
            Task<Void> left = loop.createTask("left", () -> {
                Asyncio.sleep(Duration.ofHours(1));
                return null;
            });
            loop.runUntilComplete(() -> {
                Asyncio.sleep(Duration.ofSeconds(1));
                return null;
            });
            loop.close();
            assertThat(reports).singleElement().satisfies(c -> {
                assertThat(c.message()).startsWith("Task was destroyed but it is pending: Task[left, pending");
                assertThat(c.task()).isSameAs(left);
            });
        }
    }

    @Nested
    class Callbacks {

        @Test
        void aCallbackThatThrowsIsReportedAndTheLoopKeepsRunning() {
            List<ExceptionContext> reports = new CopyOnWriteArrayList<>();
            List<String> log = new CopyOnWriteArrayList<>();
            IllegalStateException boom = new IllegalStateException("callback failed");
            try (EventLoop loop = Asyncio.newEventLoop(Loops.virtual())) {
                loop.setExceptionHandler((l, c) -> reports.add(c));
                Handle h = loop.callSoon(() -> {
                    throw boom;
                });
                loop.callSoon(() -> log.add("next callback ran"));
                loop.callLater(Duration.ofSeconds(1), () -> {
                    log.add("timer ran");
                    loop.stop();
                });
                loop.runForever();
                assertThat(log).containsExactly("next callback ran", "timer ran");
                assertThat(reports).singleElement().satisfies(c -> {
                    assertThat(c.message()).startsWith("Exception in callback Handle[");
                    assertThat(c.exception()).isSameAs(boom);
                    assertThat(c.handle()).isSameAs(h);
                });
            }
        }

        @Test
        void aHandlerThatThrowsDoesNotKillTheLoop() {
            List<String> log = new CopyOnWriteArrayList<>();
            try (EventLoop loop = Asyncio.newEventLoop(Loops.virtual())) {
                loop.setExceptionHandler((l, c) -> {
                    log.add("handler saw " + c.exception().getMessage());
                    throw new IllegalStateException("the handler itself failed (expected by this test)");
                });
                loop.callSoon(() -> {
                    throw new IllegalStateException("first");
                });
                loop.callSoon(() -> {
                    throw new IllegalStateException("second");
                });
                loop.callLater(Duration.ofSeconds(1), () -> {
                    log.add("loop still runs");
                    loop.stop();
                });
                loop.runForever();
            }
            assertThat(log).containsExactly("handler saw first", "handler saw second", "loop still runs");
        }

        @Test
        void callExceptionHandlerPassesTheContextToTheHandler() {
            List<ExceptionContext> reports = new CopyOnWriteArrayList<>();
            try (EventLoop loop = Asyncio.newEventLoop(Loops.virtual())) {
                loop.setExceptionHandler((l, c) -> reports.add(c));
                ExceptionContext c = new ExceptionContext("by hand", null, null, null, null);
                loop.callExceptionHandler(c);
                assertThat(reports).containsExactly(c);
            }
        }
    }
}
