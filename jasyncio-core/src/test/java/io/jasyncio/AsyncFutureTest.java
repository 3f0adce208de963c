package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.internal.task.RealEventLoop;
import io.jasyncio.internal.task.RealTask;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Futures: the state machine and done callbacks. */
class AsyncFutureTest {

    @Nested
    class States {

        @Test
        void aNewFutureIsPendingAndSetResultFinishesIt() {
            try (EventLoop loop = Asyncio.newEventLoop(Loops.virtual())) {
                AsyncFuture<String> f = loop.createFuture();
                assertThat(f.isDone()).isFalse();
                assertThat(f.isCancelled()).isFalse();
                assertThat(f.toString()).isEqualTo("Future[pending]");
                assertThat(f.loop()).isSameAs(loop);
                f.setResult("v");
                assertThat(f.isDone()).isTrue();
                assertThat(f.result()).isEqualTo("v");
                assertThat(f.exception()).isNull();
                assertThat(f.cancel("too late")).isFalse();
                assertThat(f.toString()).isEqualTo("Future[finished result=v]");
            }
        }

        @Test
        void setExceptionFailsItAndResultRethrowsUncheckedAsIsAndWrapsChecked() {
            try (EventLoop loop = Asyncio.newEventLoop(Loops.virtual())) {
                AsyncFuture<String> unchecked = loop.createFuture();
                IllegalStateException ise = new IllegalStateException("bad");
                unchecked.setException(ise);
                assertThatThrownBy(unchecked::result).isSameAs(ise);
                assertThat(unchecked.exception()).isSameAs(ise);

                AsyncFuture<String> checked = loop.createFuture();
                IOException io = new IOException("disk");
                checked.setException(io);
                assertThatThrownBy(checked::result).isInstanceOf(AsyncExecutionException.class).hasCause(io);
                assertThat(checked.exception()).isSameAs(io);

                AsyncFuture<String> error = loop.createFuture();
                StackOverflowError soe = new StackOverflowError();
                error.setException(soe);
                assertThatThrownBy(error::result).isSameAs(soe);
            }
        }

        @Test
        void cancelCancelsAPendingFutureWithItsMessage() {
            try (EventLoop loop = Asyncio.newEventLoop(Loops.virtual())) {
                AsyncFuture<String> f = loop.createFuture();
                assertThat(f.cancel("why")).isTrue();
                assertThat(f.isCancelled()).isTrue();
                assertThat(f.isDone()).isTrue();
                assertThat(f.cancel("again")).isFalse();
                assertThatThrownBy(f::result).isInstanceOf(CancelledError.class).hasMessage("why");
                assertThatThrownBy(f::exception).isInstanceOf(CancelledError.class).hasMessage("why");
                assertThat(f.toString()).isEqualTo("Future[cancelled]");
            }
        }

        @Test
        void awaitingAFutureReturnsItsValueOnceSet() {
            String v = Loops.runVirtual(() -> {
                EventLoop loop = Asyncio.runningLoop();
                AsyncFuture<String> f = loop.createFuture();
                loop.callLater(Duration.ofSeconds(1), () -> f.setResult("later"));
                return f.await();
            });
            assertThat(v).isEqualTo("later");
        }
    }

    @Nested
    class DoneCallbacks {

        @Test
        void doneCallbacksRunThroughTheLoopInOrderNeverInline() {
            List<String> log = Loops.runVirtual(() -> {
                List<String> l = new CopyOnWriteArrayList<>();
                AsyncFuture<String> f = Asyncio.runningLoop().createFuture();
                f.addDoneCallback(x -> l.add("first " + x.result()));
                f.addDoneCallback(x -> l.add("second"));
                f.addDoneCallback(x -> l.add("third"));
                f.setResult("v");
                l.add("after setResult");
                Asyncio.sleep(Duration.ZERO);
                f.addDoneCallback(x -> l.add("added when done"));
                l.add("after adding to a done future");
                Asyncio.sleep(Duration.ZERO);
                return l;
            });
            assertThat(log).containsExactly("after setResult", "first v", "second", "third",
                    "after adding to a done future", "added when done");
        }

        @Test
        void doneCallbacksRunOnTheLoopThreadAlsoForCancelAndFailure() {
            try (EventLoop loop = Asyncio.newEventLoop(Loops.virtual())) {
                List<String> log = new CopyOnWriteArrayList<>();
                Thread[] driver = new Thread[1];
                AsyncFuture<String> cancelled = loop.createFuture();
                AsyncFuture<String> failed = loop.createFuture();
                Consumer<AsyncFuture<String>> cb = x -> log.add((Thread.currentThread() == driver[0] ? "on loop: " : "off loop: ")
                        + (x.isCancelled() ? "cancelled" : x.exception().getMessage()));
                cancelled.addDoneCallback(cb);
                failed.addDoneCallback(cb);
                loop.callSoon(() -> {
                    driver[0] = Thread.currentThread();
                    cancelled.cancel();
                    failed.setException(new IllegalStateException("failed"));
                    log.add("completed both");
                });
                loop.callLater(Duration.ofSeconds(1), loop::stop);
                loop.runForever();
                assertThat(log).containsExactly("completed both", "on loop: cancelled", "on loop: failed");
            }
        }

        @Test
        void aDoneCallbackRunsInTheContextOfTheCodeThatAddedIt() {
            Object[] seen = new Object[1];
            Loops.runVirtual(() -> {
                RealEventLoop loop = (RealEventLoop) Asyncio.runningLoop();
                AsyncFuture<String> f = loop.createFuture();
                Task<Void> adder = Asyncio.createTask("adder", () -> {
                    RealTask.current().context("adder's context");
                    f.addDoneCallback(x -> seen[0] = loop.callbackContext());
                });
                adder.await();
                Task<Void> completer = Asyncio.createTask("completer", () -> {
                    RealTask.current().context("completer's context");
                    f.setResult("v");
                });
                completer.await();
                Asyncio.sleep(Duration.ZERO);
                return null;
            });
            assertThat(seen[0]).isEqualTo("adder's context");
        }

        @Test
        void removeDoneCallbackRemovesEveryRegistrationAndCountsThem() {
            List<String> log = Loops.runVirtual(() -> {
                List<String> l = new CopyOnWriteArrayList<>();
                AsyncFuture<String> f = Asyncio.runningLoop().createFuture();
                Consumer<AsyncFuture<String>> removed = x -> l.add("removed one ran");
                f.addDoneCallback(removed);
                f.addDoneCallback(x -> l.add("kept"));
                f.addDoneCallback(removed);
                assertThat(f.removeDoneCallback(removed)).isEqualTo(2);
                assertThat(f.removeDoneCallback(removed)).isZero();
                f.setResult("v");
                Asyncio.sleep(Duration.ZERO);
                return l;
            });
            assertThat(log).containsExactly("kept");
        }
    }
}
