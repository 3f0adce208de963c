package io.jasyncio;

import static io.jasyncio.Loops.runVirtual;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CombinatorsTest {

    static Awaitable<String> after(long ms, String v) {
        return () -> {
            Asyncio.sleep(Duration.ofMillis(ms));
            return v;
        };
    }

    static Awaitable<String> failAfter(long ms, String msg) {
        return () -> {
            Asyncio.sleep(Duration.ofMillis(ms));
            throw new IllegalStateException(msg);
        };
    }

    @Nested
    class Gather {
        @Test
        void returnsTheValuesInArgumentOrder() {
            List<String> r = runVirtual(() -> Asyncio.gather(after(30, "a"), after(10, "b"), after(20, "c")));
            assertThat(r).containsExactly("a", "b", "c");
        }

        @Test
        void theFirstFailurePropagatesAndTheOthersKeepRunning() {
            List<String> log = new ArrayList<>();
            runVirtual(() -> {
                Task<String> slow = Asyncio.createTask("slow", () -> {
                    Asyncio.sleep(Duration.ofMillis(50));
                    log.add("slow finished");
                    return "s";
                });
                try {
                    Asyncio.gather(List.of(failAfter(20, "second"), failAfter(10, "first"), slow));
                } catch (IllegalStateException e) {
                    log.add("gather raised " + e.getMessage());
                }
                slow.await();
                return null;
            });
            assertThat(log).containsExactly("gather raised first", "slow finished");
        }

        @Test
        void withReturnExceptionsFailuresTakeTheirPlaceInTheList() {
            List<Object> r = runVirtual(() -> Asyncio.gatherReturnExceptions(List.of(after(1, "a"), failAfter(2, "bad"))));
            assertThat(r.get(0)).isEqualTo("a");
            assertThat(r.get(1)).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void cancellingTheCallerCancelsEveryChild() {
            List<String> log = new ArrayList<>();
            runVirtual(() -> {
                Task<List<String>> g = Asyncio.createTask("g", () -> Asyncio.gather(List.<Awaitable<String>>of(() -> {
                    try {
                        Asyncio.sleep(Duration.ofHours(1));
                    } catch (CancelledError e) {
                        log.add("child cancelled");
                        throw e;
                    }
                    return "x";
                })));
                Asyncio.sleep(Duration.ofMillis(1));
                g.cancel();
                try {
                    g.await();
                } catch (CancelledError e) {
                    log.add("gather cancelled");
                }
                return null;
            });
            assertThat(log).containsExactly("child cancelled", "gather cancelled");
        }
    }

    @Nested
    class Wait {
        @Test
        void firstCompletedReturnsAsSoonAsOneIsDone() {
            String r = runVirtual(() -> {
                WaitResult<String> w = Asyncio.wait(List.of(after(30, "a"), after(10, "b")), ReturnWhen.FIRST_COMPLETED);
                return w.done().size() + "/" + w.pending().size() + " " + w.done().iterator().next().result();
            });
            assertThat(r).isEqualTo("1/1 b");
        }

        @Test
        void firstExceptionReturnsOnTheFirstFailureWithoutRaisingIt() {
            String r = runVirtual(() -> {
                WaitResult<String> w = Asyncio.wait(List.of(after(30, "a"), failAfter(10, "bad")),
                        ReturnWhen.FIRST_EXCEPTION);
                return w.done().size() + "/" + w.pending().size();
            });
            assertThat(r).isEqualTo("1/1");
        }

        @Test
        void theTimeoutReturnsWhatIsDoneSoFar() {
            String r = runVirtual(() -> {
                WaitResult<String> w = Asyncio.wait(List.of(after(30, "a"), after(10, "b")), ReturnWhen.ALL_COMPLETED,
                        Duration.ofMillis(20));
                return w.done().size() + "/" + w.pending().size() + " at " + Asyncio.runningLoop().time() / 1_000_000;
            });
            assertThat(r).isEqualTo("1/1 at 20");
        }

        @Test
        void aNullTimeoutIsRejectedAndTheMessageNamesTheCallWithoutOne() {
            List<String> r = runVirtual(() -> {
                List<Awaitable<String>> aws = List.of(after(10, "a"));
                List<String> out = new ArrayList<>();
                try {
                    Asyncio.wait(aws, ReturnWhen.ALL_COMPLETED, null);
                } catch (NullPointerException e) {
                    out.add(e.getMessage());
                }
                try {
                    Asyncio.asCompleted(aws, null);
                } catch (NullPointerException e) {
                    out.add(e.getMessage());
                }
                return out;
            });
            assertThat(r).containsExactly(
                    "wait() got a null timeout; a timeout is never null in jasyncio. For no timeout, use wait(aws, when)",
                    "asCompleted() got a null timeout; a timeout is never null in jasyncio. For no timeout, "
                            + "use asCompleted(aws)");
        }

        @Test
        void anEmptySetIsRejected() {
            assertThatThrownBy(() -> runVirtual(() -> Asyncio.wait(List.<Awaitable<String>>of(), ReturnWhen.ALL_COMPLETED)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
        }
    }

    @Nested
    class AsCompleted {
        @Test
        void yieldsInCompletionOrder() {
            List<String> r = runVirtual(() -> {
                List<String> out = new ArrayList<>();
                for (AsyncFuture<String> f : Asyncio.asCompleted(List.of(after(30, "a"), after(10, "b"), after(20, "c")))) {
                    out.add(f.result());
                }
                return out;
            });
            assertThat(r).containsExactly("b", "c", "a");
        }

        @Test
        void throwsOnceTheTimeoutHasPassed() {
            List<String> out = new ArrayList<>();
            assertThatThrownBy(() -> runVirtual(() -> {
                for (AsyncFuture<String> f : Asyncio.asCompleted(List.of(after(300, "a"), after(10, "b")), Duration.ofMillis(100))) {
                    out.add(f.result());
                }
                return null;
            })).isInstanceOf(AsyncTimeoutException.class).hasMessageContaining("1 awaitables still pending");
            assertThat(out).containsExactly("b");
        }
    }
}
