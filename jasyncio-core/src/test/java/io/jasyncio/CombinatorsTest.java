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
    class GatherLosesNothing {
        @Test
        void aLaterFailureAfterTheFirstPropagatedIsMarkedRetrievedNotReportedAsNeverRetrieved() {
            List<ExceptionContext> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
            String r = runVirtual(() -> {
                Asyncio.runningLoop().setExceptionHandler((l, c) -> reports.add(c));
                String seen;
                try {
                    Asyncio.gather(failAfter(10, "first"), failAfter(20, "later"));
                    seen = "no error";
                } catch (IllegalStateException e) {
                    seen = e.getMessage();
                }
                Asyncio.sleep(Duration.ofMillis(50)); // "later" fails meanwhile
                return seen;
            });
            assertThat(r).isEqualTo("first");
            assertThat(reports).isEmpty();
        }

        @Test
        void withReturnExceptionsACancelledChildsSlotCarriesItsOwnCancelMessage() {
            List<Object> r = runVirtual(() -> {
                Task<String> named = Asyncio.createTask("named", after(3_600_000, "x")::await);
                Task<String> silent = Asyncio.createTask("silent", after(3_600_000, "y")::await);
                Asyncio.runningLoop().callLater(Duration.ofMillis(10), () -> named.cancel("upstream gone"));
                Asyncio.runningLoop().callLater(Duration.ofMillis(10), () -> silent.cancel());
                return Asyncio.gatherReturnExceptions(List.of(named, silent, after(20, "value")));
            });
            assertThat(r.get(0)).isInstanceOfSatisfying(CancelledError.class,
                    e -> assertThat(e).hasMessage("upstream gone"));
            assertThat(r.get(1)).isInstanceOfSatisfying(CancelledError.class, e -> assertThat(e).hasMessage(""));
            assertThat(r.get(2)).isEqualTo("value");
        }

        @Test
        void theSameAwaitableGivenSeveralTimesRunsOnceAndItsValueFillsEverySlot() {
            int[] runs = {0};
            Awaitable<String> c = () -> {
                runs[0]++;
                Asyncio.sleep(Duration.ofMillis(10));
                return "c";
            };
            List<String> r = runVirtual(() -> Asyncio.gather(c, c, after(5, "d"), c));
            assertThat(r).containsExactly("c", "c", "d", "c");
            assertThat(runs[0]).isEqualTo(1);
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
        void theSameAwaitableGivenSeveralTimesRunsOnce() {
            int[] runs = {0};
            Awaitable<String> c = () -> {
                runs[0]++;
                Asyncio.sleep(Duration.ofMillis(10));
                return "c";
            };
            int done = runVirtual(() -> Asyncio.wait(List.of(c, c), ReturnWhen.ALL_COMPLETED).done().size());
            assertThat(done).isEqualTo(1);
            assertThat(runs[0]).isEqualTo(1);
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
        void theSameAwaitableGivenSeveralTimesRunsOnceAndIsYieldedOnce() {
            int[] runs = {0};
            Awaitable<String> c = () -> {
                runs[0]++;
                Asyncio.sleep(Duration.ofMillis(10));
                return "c";
            };
            List<String> r = runVirtual(() -> {
                List<String> out = new ArrayList<>();
                for (AsyncFuture<String> f : Asyncio.asCompleted(List.of(c, c, after(5, "d"), c))) {
                    out.add(f.result());
                }
                return out;
            });
            assertThat(r).containsExactly("d", "c");
            assertThat(runs[0]).isEqualTo(1);
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
