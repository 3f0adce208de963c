package io.jasyncio;

import static io.jasyncio.Loops.runVirtual;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.sync.Event;
import io.jasyncio.testing.VirtualClock;
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
        void theTimeoutMessageNamesTheBudgetAndTheScope() {
            assertThatThrownBy(() -> runVirtual(() -> Asyncio.timeout(Duration.ofSeconds(2), () -> {
                Asyncio.sleep(Duration.ofHours(1));
                return "late";
            }))).isInstanceOf(AsyncTimeoutException.class).hasMessage("timed out after 2 s (timeout)");
            assertThatThrownBy(() -> runVirtual(() -> Asyncio.waitFor(() -> {
                Asyncio.sleep(Duration.ofHours(1));
                return "late";
            }, Duration.ofMillis(1_500))))
                    .isInstanceOf(AsyncTimeoutException.class).hasMessage("timed out after 1.5 s (waitFor)");
            assertThatThrownBy(() -> runVirtual(() -> Asyncio.timeout(ms(150), () -> {
                Asyncio.sleep(Duration.ofHours(1));
                return "late";
            }))).hasMessage("timed out after 150 ms (timeout)");
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
        void aNullTimeoutIsRejectedAndTheMessageNamesTheCallWithoutOne() {
            List<String> messages = runVirtual(() -> {
                List<String> out = new ArrayList<>();
                AsyncFuture<String> f = Asyncio.runningLoop().createFuture();
                List<Runnable> calls = List.of(
                        () -> Asyncio.timeout((Duration) null, () -> "x"),
                        () -> Asyncio.moveOnAfter(null, () -> "x", "fallback"),
                        () -> Asyncio.shielded((Duration) null, () -> "x"),
                        () -> Asyncio.waitFor(f, null),
                        () -> Asyncio.timeout(ms(10), (Timeout t) -> {
                            t.reschedule((Duration) null);
                            return null;
                        }));
                for (Runnable call : calls) {
                    try {
                        call.run();
                        out.add("accepted");
                    } catch (NullPointerException e) {
                        out.add(e.getMessage());
                    }
                }
                return out;
            });
            assertThat(messages).containsExactly(
                    "timeout() got a null timeout; a timeout is never null in jasyncio. For no timeout, "
                            + "use timeoutAt(Long.MAX_VALUE, body)",
                    "moveOnAfter() got a null timeout; a timeout is never null in jasyncio. For no timeout, "
                            + "use moveOnAt(Long.MAX_VALUE, body, fallback)",
                    "shielded() got a null timeout; a timeout is never null in jasyncio. For no timeout, "
                            + "use shielded(body)",
                    "waitFor() got a null timeout; a timeout is never null in jasyncio. For no timeout, "
                            + "await the awaitable directly: aw.await()",
                    "reschedule() got a null delay; a timeout is never null in jasyncio. For no deadline, "
                            + "use reschedule(Long.MAX_VALUE)");
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
        void rescheduleAfterTheDeadlineExpiredSaysItExpiredAndAfterANormalExitSaysItExited() {
            List<String> log = new ArrayList<>();
            runVirtual(() -> {
                Timeout[] handle = new Timeout[1];
                try {
                    Asyncio.timeout(ms(10), (Timeout t) -> {
                        handle[0] = t;
                        try {
                            Asyncio.sleep(Duration.ofHours(1));
                        } catch (CancelledError e) {
                            rescheduleAndLog(t, "while expiring", log);
                            throw e;
                        }
                        return null;
                    });
                } catch (AsyncTimeoutException e) {
                    rescheduleAndLog(handle[0], "after expiry", log);
                }
                Asyncio.timeout(ms(10), (Timeout t) -> handle[0] = t);
                rescheduleAndLog(handle[0], "after a normal exit", log);
                return null;
            });
            assertThat(log).hasSize(3);
            assertThat(log.get(0)).startsWith("while expiring: ").contains("the deadline already expired");
            assertThat(log.get(1)).startsWith("after expiry: ").contains("the deadline already expired");
            assertThat(log.get(2)).startsWith("after a normal exit: ").contains("after the scope exited")
                    .doesNotContain("expired");
        }

        private static void rescheduleAndLog(Timeout t, String when, List<String> log) {
            try {
                t.reschedule(ms(100));
                log.add(when + ": accepted");
            } catch (IllegalStateException e) {
                log.add(when + ": " + e.getMessage());
            }
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

    /** A deadline that is already due is delivered at the very next checkpoint, not one later. */
    @Nested
    class DueDeadlines {
        @Test
        void aZeroTimeoutFiresAtTheFirstYield() {
            List<String> log = new ArrayList<>();
            runVirtual(() -> {
                Timeout[] handle = new Timeout[1];
                try {
                    Asyncio.timeout(Duration.ZERO, (Timeout t) -> {
                        handle[0] = t;
                        Asyncio.yieldNow();
                        log.add("passed the first yield");
                        return null;
                    });
                } catch (AsyncTimeoutException e) {
                    log.add("timed out, expired=" + handle[0].expired());
                }
                return null;
            });
            assertThat(log).containsExactly("timed out, expired=true");
        }

        @Test
        void aTimeoutAtAPastInstantFiresAtTheFirstYield() {
            List<String> log = new ArrayList<>();
            runVirtual(() -> {
                Asyncio.sleep(ms(100));
                try {
                    Asyncio.timeoutAt(Asyncio.runningLoop().time() - 1_000_000, () -> {
                        Asyncio.yieldNow();
                        log.add("passed the first yield");
                        return null;
                    });
                } catch (AsyncTimeoutException e) {
                    log.add("timed out");
                }
                return null;
            });
            assertThat(log).containsExactly("timed out");
        }

        @Test
        void moveOnAtNowOrInThePastFiresAtACheckpointThatNeedNotWait() {
            List<String> r = runVirtual(() -> {
                Event set = new Event();
                set.set();
                long now = Asyncio.runningLoop().time();
                return List.of(
                        Asyncio.moveOnAt(now, () -> {
                            set.await();
                            return "passed a set event";
                        }, "moved on at a set event"),
                        Asyncio.moveOnAt(now - 1, () -> {
                            Asyncio.yieldNow();
                            return "passed a yield";
                        }, "moved on at a yield"));
            });
            assertThat(r).containsExactly("moved on at a set event", "moved on at a yield");
        }

        @Test
        void rescheduleToNowOrThePastFiresAtTheNextCheckpoint() {
            List<String> r = runVirtual(() -> {
                Event set = new Event();
                set.set();
                long now = Asyncio.runningLoop().time();
                List<String> out = new ArrayList<>();
                for (long when : new long[] {now, now - 1}) {
                    Timeout[] handle = new Timeout[1];
                    try {
                        out.add(Asyncio.timeout(Duration.ofHours(1), (Timeout t) -> {
                            handle[0] = t;
                            t.reschedule(when);
                            set.await();
                            return "passed the first checkpoint";
                        }));
                    } catch (AsyncTimeoutException e) {
                        out.add("timed out at the first checkpoint, expired=" + handle[0].expired());
                    }
                }
                return out;
            });
            assertThat(r).containsExactly("timed out at the first checkpoint, expired=true",
                    "timed out at the first checkpoint, expired=true");
        }

        @Test
        void aClockThatJumpsPastTheDeadlineWhileTheTaskRunsFiresAtTheNextCheckpoint() {
            VirtualClock clock = new VirtualClock();
            String r = Asyncio.run(LoopOptions.defaults().withClock(clock), () ->
                    Asyncio.moveOnAfter(ms(10), () -> {
                        clock.advance(Duration.ofSeconds(1)); // time passes while the task holds the loop
                        Asyncio.yieldNow();
                        return "passed the first yield";
                    }, "moved on at the first yield"));
            assertThat(r).isEqualTo("moved on at the first yield");
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
        void childrenOfAGroupSeeTheDeadlineOfTheScopesTheGroupSitsIn() {
            List<String> log = new ArrayList<>();
            runVirtual(() -> Asyncio.timeout(Duration.ofSeconds(5), () -> TaskGroup.run(tg -> {
                tg.createTask("child", () -> {
                    log.add("child: deadline " + Asyncio.currentDeadline() / 1_000_000 + ", remaining "
                            + Asyncio.remainingTime().orElseThrow().toMillis());
                    Asyncio.sleep(ms(100));
                    TaskGroup.run(inner -> inner.createTask("grandchild", () -> log.add("grandchild: remaining "
                            + Asyncio.remainingTime().orElseThrow().toMillis())));
                    Asyncio.timeout(ms(200), () -> {
                        log.add("child's own nearer scope: remaining " + Asyncio.remainingTime().orElseThrow().toMillis());
                        return null;
                    });
                    Asyncio.shielded(() -> {
                        log.add("behind a shield: " + Asyncio.remainingTime());
                        return null;
                    });
                });
                return null;
            })));
            assertThat(log).containsExactly("child: deadline 5000, remaining 5000", "grandchild: remaining 4900",
                    "child's own nearer scope: remaining 200", "behind a shield: Optional.empty");
        }

        @Test
        void aShieldAroundTheGroupHidesTheOuterDeadlinesFromItsChildren() {
            List<String> log = new ArrayList<>();
            runVirtual(() -> Asyncio.timeout(Duration.ofSeconds(5), () -> Asyncio.shielded(ms(700), () ->
                    TaskGroup.run(tg -> tg.createTask("child", () -> log.add("child: remaining "
                            + Asyncio.remainingTime().orElseThrow().toMillis()))))));
            assertThat(log).containsExactly("child: remaining 700");
        }

        @Test
        void aTaskCreatedOutsideAGroupDoesNotInheritItsCreatorsDeadline() {
            Optional<Duration> r = runVirtual(() -> Asyncio.timeout(Duration.ofSeconds(5), () ->
                    Asyncio.createTask("free", Asyncio::remainingTime).await()));
            assertThat(r).isEmpty();
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
        void aZeroTimeoutNeverStartsTheBodyAndThrowsTheTimeout() {
            List<String> log = new ArrayList<>();
            assertThatThrownBy(() -> runVirtual(() -> Asyncio.waitFor(() -> {
                log.add("body ran");
                return "v";
            }, Duration.ZERO))).isInstanceOf(AsyncTimeoutException.class);
            assertThat(log).isEmpty();
        }

        @Test
        void aZeroTimeoutCancelsARunningTaskAndAwaitsItsEndBeforeTheTimeoutComes() {
            List<String> log = new ArrayList<>();
            runVirtual(() -> {
                Task<String> t = Asyncio.createTask("running", () -> {
                    try {
                        Asyncio.sleep(Duration.ofHours(1));
                        return "late";
                    } finally {
                        Asyncio.sleep(ms(20));
                        log.add("cleaned up at " + nowMs());
                    }
                });
                Asyncio.sleep(ms(10));
                try {
                    Asyncio.waitFor(t, Duration.ZERO);
                } catch (AsyncTimeoutException e) {
                    log.add("timed out at " + nowMs() + ", task cancelled=" + t.isCancelled());
                }
                return null;
            });
            assertThat(log).containsExactly("cleaned up at 30", "timed out at 30, task cancelled=true");
        }

        @Test
        void aZeroTimeoutReturnsTheValueOfAnAwaitableAlreadyDone() {
            String r = runVirtual(() -> {
                AsyncFuture<String> f = Asyncio.runningLoop().createFuture();
                f.setResult("ready");
                return Asyncio.waitFor(f, Duration.ZERO);
            });
            assertThat(r).isEqualTo("ready");
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
