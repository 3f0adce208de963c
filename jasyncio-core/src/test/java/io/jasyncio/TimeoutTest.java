package io.jasyncio;

import static io.jasyncio.Loops.runVirtual;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TimeoutTest {

    static Duration ms(long n) {
        return Duration.ofMillis(n);
    }

    static long nowMs() {
        return Asyncio.runningLoop().time() / 1_000_000;
    }

    @Nested
    class Basics {
        @Test
        void returnsTheBodysValueWhenItFinishesInTime() {
            String r = runVirtual(() -> Asyncio.timeout(ms(100), () -> {
                Asyncio.sleep(ms(50));
                return "ok";
            }));
            assertThat(r).isEqualTo("ok");
        }

        @Test
        void throwsAsyncTimeoutExceptionExactlyAtTheDeadline() {
            long[] at = new long[1];
            assertThatThrownBy(() -> runVirtual(() -> {
                try {
                    return Asyncio.timeout(ms(150), () -> {
                        Asyncio.sleep(Duration.ofHours(1));
                        return "late";
                    });
                } finally {
                    at[0] = nowMs();
                }
            })).isInstanceOf(AsyncTimeoutException.class).hasMessageContaining("timed out")
                    .hasCauseInstanceOf(CancelledError.class);
            assertThat(at[0]).isEqualTo(150);
        }

        @Test
        void checkedExceptionsOfTheBodyPassThroughUnchanged() {
            String r = runVirtual(() -> {
                try {
                    Asyncio.timeout(ms(10), () -> {
                        throw new java.io.IOException("disk");
                    });
                    return "none";
                } catch (java.io.IOException e) {
                    return e.getMessage();
                }
            });
            assertThat(r).isEqualTo("disk");
        }

        @Test
        void aBodyThatNeverSuspendsReturnsEvenWithADeadlineInThePast() {
            String r = runVirtual(() -> Asyncio.timeoutAt(Asyncio.runningLoop().time() - 1, () -> "done"));
            assertThat(r).isEqualTo("done");
        }

        @Test
        void negativeDelaysAreRejected() {
            assertThatThrownBy(() -> runVirtual(() -> Asyncio.timeout(ms(-1), () -> "x")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">= 0");
        }

        @Test
        void outsideATaskItSaysWhatToDo() {
            assertThatThrownBy(() -> Asyncio.timeout(ms(1), () -> "x"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("Asyncio.run");
        }
    }

    @Nested
    class Handle {
        @Test
        void rescheduleMovesTheDeadlineAndExpiredTellsWhatHappened() {
            List<String> log = new ArrayList<>();
            runVirtual(() -> {
                boolean[] expired = new boolean[1];
                try {
                    Asyncio.timeout(ms(100), (Timeout t) -> {
                        log.add("deadline " + (t.deadline() / 1_000_000));
                        t.reschedule(ms(300));
                        log.add("deadline " + (t.deadline() / 1_000_000));
                        try {
                            Asyncio.sleep(Duration.ofHours(1));
                        } finally {
                            expired[0] = t.expired();
                        }
                        return null;
                    });
                } catch (AsyncTimeoutException e) {
                    log.add("timed out at " + nowMs() + ", expired=" + expired[0]);
                }
                return null;
            });
            assertThat(log).containsExactly("deadline 100", "deadline 300", "timed out at 300, expired=true");
        }

        @Test
        void rescheduleToNoDeadlineDisablesIt() {
            String r = runVirtual(() -> Asyncio.timeout(ms(10), (Timeout t) -> {
                t.reschedule(Long.MAX_VALUE);
                Asyncio.sleep(ms(50));
                return "no timeout, expired=" + t.expired();
            }));
            assertThat(r).isEqualTo("no timeout, expired=false");
        }
    }

    @Nested
    class Nesting {
        @Test
        void theEffectiveDeadlineIsTheNearestAndAnInnerScopeNeverExtendsAnOuterOne() {
            List<String> log = new ArrayList<>();
            assertThatThrownBy(() -> runVirtual(() -> Asyncio.timeout(ms(500), () -> {
                log.add("remaining " + Asyncio.remainingTime().orElseThrow().toMillis());
                return Asyncio.timeout(ms(900), () -> {
                    log.add("deadline " + Asyncio.currentDeadline() / 1_000_000);
                    Asyncio.sleep(Duration.ofHours(1));
                    return null;
                });
            }))).isInstanceOf(AsyncTimeoutException.class);
            assertThat(log).containsExactly("remaining 500", "deadline 500");
        }

        @Test
        void onlyTheScopesOwnCancellationIsConverted() {
            // the outer deadline fires first: the inner scope lets it through, the outer converts it
            List<String> log = new ArrayList<>();
            runVirtual(() -> {
                try {
                    Asyncio.timeout(ms(100), () -> {
                        try {
                            return Asyncio.timeout(ms(1000), () -> {
                                Asyncio.sleep(Duration.ofHours(1));
                                return null;
                            });
                        } catch (AsyncTimeoutException e) {
                            log.add("inner converted it (wrong)");
                            return null;
                        }
                    });
                } catch (AsyncTimeoutException e) {
                    log.add("outer timed out at " + nowMs());
                }
                return null;
            });
            assertThat(log).containsExactly("outer timed out at 100");
        }

        @Test
        void anOuterCancellationPassesThroughUnchanged() {
            String r = runVirtual(() -> {
                Task<Void> t = Asyncio.createTask("t", () -> Asyncio.timeout(ms(1000), () -> {
                    Asyncio.sleep(Duration.ofHours(1));
                    return null;
                }));
                Asyncio.sleep(ms(10));
                t.cancel("outer");
                try {
                    t.await();
                    return "finished";
                } catch (CancelledError e) {
                    return "cancelled: " + e.getMessage();
                }
            });
            assertThat(r).isEqualTo("cancelled: outer");
        }

        @Test
        void noDeadlineOutsideAnyScope() {
            Optional<Duration> r = runVirtual(Asyncio::remainingTime);
            assertThat(r).isEmpty();
            assertThat(runVirtual(Asyncio::currentDeadline)).isEqualTo(Long.MAX_VALUE);
        }
    }

    @Nested
    class Fallback {
        @Test
        void aRequestBudgetWithUpstreamBudgetsAndAFallbackValue() {
            // 500 ms for the request, 150 ms per upstream call, a fallback when one is slow
            List<String> r = runVirtual(() -> Asyncio.timeout(ms(500), () -> {
                List<String> out = new ArrayList<>();
                for (long latency : new long[] {50, 400, 100}) {
                    out.add(Asyncio.moveOnAfter(ms(150), () -> {
                        Asyncio.sleep(ms(latency));
                        return "reply in " + latency;
                    }, "fallback"));
                }
                out.add("at " + nowMs());
                return out;
            }));
            assertThat(r).containsExactly("reply in 50", "fallback", "reply in 100", "at 300");
        }
    }

    @Nested
    class WaitFor {
        @Test
        void returnsTheValueInTime() {
            String r = runVirtual(() -> Asyncio.waitFor(() -> {
                Asyncio.sleep(ms(10));
                return "v";
            }, ms(50)));
            assertThat(r).isEqualTo("v");
        }

        @Test
        void onTimeoutTheInnerTaskIsCancelledAndAwaitedBeforeTheExceptionComes() {
            List<String> log = new ArrayList<>();
            assertThatThrownBy(() -> runVirtual(() -> Asyncio.waitFor(() -> {
                try {
                    Asyncio.sleep(Duration.ofHours(1));
                } finally {
                    Asyncio.sleep(ms(20));
                    log.add("inner cleaned up at " + nowMs());
                }
                return "late";
            }, ms(50)))).isInstanceOf(AsyncTimeoutException.class);
            assertThat(log).containsExactly("inner cleaned up at 70");
        }

        @Test
        void aValueThatArrivesInTheSameIterationAsTheTimeoutIsNotLost() {
            String r = runVirtual(() -> {
                AsyncFuture<String> f = Asyncio.runningLoop().createFuture();
                // both fire at t=50: the future's completion is scheduled first
                Asyncio.runningLoop().callLater(ms(50), () -> f.setResult("arrived"));
                return Asyncio.waitFor(f, ms(50));
            });
            assertThat(r).isEqualTo("arrived");
        }

        @Test
        void anOuterCancelRacingTheValueIsDeliveredAtTheNextCheckpoint() {
            List<String> log = new ArrayList<>();
            runVirtual(() -> {
                AsyncFuture<String> f = Asyncio.runningLoop().createFuture();
                Task<Void> t = Asyncio.createTask("waiter", () -> {
                    log.add(Asyncio.waitFor(f, ms(1000)));
                    try {
                        Asyncio.sleep(Duration.ZERO);
                        log.add("not cancelled");
                    } catch (CancelledError e) {
                        log.add("cancelled at next checkpoint: " + e.getMessage());
                        throw e;
                    }
                });
                Asyncio.sleep(ms(1));
                f.setResult("value");
                t.cancel("outer");
                try {
                    t.await();
                } catch (CancelledError e) {
                    log.add("task cancelled");
                }
                return null;
            });
            assertThat(log).containsExactly("value", "cancelled at next checkpoint: outer", "task cancelled");
        }
    }
}
