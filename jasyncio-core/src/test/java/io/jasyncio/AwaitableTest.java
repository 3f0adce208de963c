package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What a task can await, and how failures travel to the awaiter. */
class AwaitableTest {

    /** A user-defined awaitable: delegates to other awaitables, like an {@code __await__}. */
    record Delayed<T>(Duration delay, T value) implements Awaitable<T> {
        @Override
        public T await() {
            Asyncio.sleep(delay);
            return value;
        }
    }

    @Nested
    class UserDefined {

        @Test
        void aUserDefinedAwaitableIsAwaitedInATask() {
            String v = Loops.runVirtual(() -> {
                long t0 = Asyncio.runningLoop().time();
                String s = new Delayed<>(Duration.ofSeconds(2), "hi").await();
                return s + " after " + Duration.ofNanos(Asyncio.runningLoop().time() - t0);
            });
            assertThat(v).isEqualTo("hi after PT2S");
        }

        @Test
        void runUntilCompleteRunsAUserDefinedAwaitableInATask() {
            try (EventLoop loop = Asyncio.newEventLoop(Loops.virtual())) {
                assertThat(loop.runUntilComplete(new Delayed<>(Duration.ofSeconds(1), 7))).isEqualTo(7);
            }
        }
    }

    @Nested
    class CompletionStages {

        @Test
        void aCompletableFutureCompletedOnAnotherThreadDeliversItsValue() {
            String v = Loops.runVirtual(() -> {
                CompletableFuture<String> cf = new CompletableFuture<>();
                Thread.ofPlatform().start(() -> cf.complete("from a thread"));
                return Asyncio.await(cf);
            });
            assertThat(v).isEqualTo("from a thread");
        }

        @Test
        void aFailureIsUnwrappedFromCompletionException() {
            IllegalStateException boom = new IllegalStateException("boom");
            Loops.runVirtual(() -> {
                CompletableFuture<String> cf = CompletableFuture.supplyAsync(() -> {
                    throw boom;
                });
                assertThatThrownBy(() -> Asyncio.await(cf)).isSameAs(boom);
                return null;
            });
        }

        @Test
        void aCheckedFailureArrivesWrappedInAsyncExecutionException() {
            IOException io = new IOException("io");
            Loops.runVirtual(() -> {
                CompletableFuture<String> cf = new CompletableFuture<>();
                Thread.ofPlatform().start(() -> cf.completeExceptionally(new CompletionException(io)));
                assertThatThrownBy(() -> Asyncio.await(cf)).isInstanceOf(AsyncExecutionException.class).hasCause(io);
                return null;
            });
        }

        @Test
        void aStageCancelledOnAnotherThreadCancelsTheAwaitOnly() {
            Loops.runVirtual(() -> {
                CompletableFuture<String> cf = new CompletableFuture<>();
                Thread.ofPlatform().start(() -> cf.cancel(false));
                assertThatThrownBy(() -> Asyncio.await(cf)).isInstanceOf(CancelledError.class);
                assertThat(Asyncio.currentTask().cancelling()).isZero();
                Asyncio.sleep(Duration.ZERO);
                return null;
            });
        }

        @Test
        void aStageThatCannotBeCancelledNeitherBreaksCancelNorHoldsTheVirtualClock() {
            Loops.runVirtual(() -> {
                EventLoop loop = Asyncio.runningLoop();
                // a minimal stage refuses cancel(); it never completes
                CompletionStage<String> never = new CompletableFuture<String>().minimalCompletionStage();
                Task<String> t = Asyncio.createTask("waiter", () -> Asyncio.await(never));
                Asyncio.sleep(Duration.ZERO);
                assertThat(t.cancel("give up")).isTrue();
                assertThatThrownBy(t::await).isInstanceOf(CancelledError.class).hasMessage("give up");
                // nobody waits for the stage any more: virtual time must jump again
                long t0 = loop.time();
                long real0 = System.nanoTime();
                Asyncio.sleep(Duration.ofSeconds(3));
                assertThat(loop.time() - t0).isEqualTo(Duration.ofSeconds(3).toNanos());
                assertThat(Duration.ofNanos(System.nanoTime() - real0)).isLessThan(Duration.ofSeconds(2));
                return null;
            });
        }

        @Test
        void cancellingTheAwaitingTaskCancelsTheCompletableFuture() {
            CompletableFuture<String> cf = new CompletableFuture<>();
            Loops.runVirtual(() -> {
                Task<String> t = Asyncio.createTask("waiter", () -> Asyncio.await(cf));
                Asyncio.sleep(Duration.ZERO);
                t.cancel("not needed");
                assertThatThrownBy(t::await).isInstanceOf(CancelledError.class).hasMessage("not needed");
                return null;
            });
            assertThat(cf.isCancelled()).isTrue();
        }
    }

    @Nested
    class Failures {

        @Test
        void aCheckedExceptionFromATaskBodyIsWrappedByAwaitAndReturnedAsIsByException() {
            IOException io = new IOException("checked");
            Loops.runVirtual(() -> {
                Task<String> t = Asyncio.createTask("reader", () -> {
                    throw io;
                });
                assertThatThrownBy(t::await).isInstanceOf(AsyncExecutionException.class).hasCause(io)
                        .hasMessageContaining("Task[reader, failed]");
                assertThat(t.exception()).isSameAs(io);
                return null;
            });
        }

        @Test
        void anUncheckedExceptionOrErrorFromATaskBodyIsRethrownAsIs() {
            Loops.runVirtual(() -> {
                UnsupportedOperationException unchecked = new UnsupportedOperationException("unchecked");
                Task<String> t = Asyncio.createTask(() -> {
                    throw unchecked;
                });
                assertThatThrownBy(t::await).isSameAs(unchecked);
                AssertionError error = new AssertionError("error");
                Task<String> e = Asyncio.createTask(() -> {
                    throw error;
                });
                assertThatThrownBy(e::await).isSameAs(error);
                return null;
            });
        }

        @Test
        void anExceptionCarriesARaisedInTaskMarkerForEachTaskItCrossed() {
            IllegalStateException boom = new IllegalStateException("boom");
            Loops.runVirtual(() -> {
                Task<String> inner = Asyncio.createTask("inner", () -> {
                    Asyncio.sleep(Duration.ZERO);
                    throw boom;
                });
                Task<String> outer = Asyncio.createTask("outer", inner::await);
                assertThatThrownBy(outer::await).isSameAs(boom);
                return null;
            });
            assertThat(Arrays.stream(boom.getSuppressed()).map(Throwable::getMessage))
                    .containsExactly("raised in task 'inner'", "raised in task 'outer'");
        }
    }
}
