package io.jasyncio;

import static io.jasyncio.Loops.runVirtual;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Two things that happen in the same loop iteration, and the scenarios behind known asyncio
 * bugs, re-stated for jasyncio. Timers due at the same time run in the order they were
 * scheduled, which is how these tests pin down "the same iteration".
 */
class CancellationRacesTest {

    static Duration ms(long n) {
        return Duration.ofMillis(n);
    }

    static long nowMs() {
        return Asyncio.runningLoop().time() / 1_000_000;
    }

    @Nested
    class SameIteration {
        @Test
        void timeoutExpiryVersusBodyCompletionTheCompletionWins() {
            String r = runVirtual(() -> {
                AsyncFuture<String> f = Asyncio.runningLoop().createFuture();
                Asyncio.runningLoop().callLater(ms(50), () -> f.setResult("value"));
                return Asyncio.timeout(ms(50), (Timeout t) -> f.await() + ", expired=" + t.expired());
            });
            assertThat(r).isEqualTo("value, expired=true");
        }

        @Test
        void outerCancelVersusInnerTimeoutTheOuterCancellationWins() {
            String r = runVirtual(() -> {
                Task<String> t = Asyncio.createTask("t", () -> Asyncio.timeout(ms(50), () -> {
                    Asyncio.sleep(Duration.ofHours(1));
                    return "body";
                }));
                Asyncio.runningLoop().callLater(ms(50), () -> t.cancel("outer"));
                try {
                    return t.await();
                } catch (CancelledError e) {
                    return "cancelled: " + e.getMessage();
                } catch (AsyncTimeoutException e) {
                    return "timed out (wrong)";
                }
            });
            assertThat(r).isEqualTo("cancelled: outer");
        }

        @Test
        void twoNestedTimeoutsExpiringTogetherTheOuterOneReportsIt() {
            List<String> log = new ArrayList<>();
            runVirtual(() -> {
                try {
                    Asyncio.timeout(ms(100), () -> {
                        try {
                            return Asyncio.timeout(ms(100), () -> {
                                Asyncio.sleep(Duration.ofHours(1));
                                return null;
                            });
                        } catch (AsyncTimeoutException e) {
                            log.add("inner converted (wrong)");
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
        void aChildFailingWhileTheBodyIsInItsFinallyIsNotLost() {
            List<String> log = new ArrayList<>();
            assertThatThrownBy(() -> runVirtual(() -> TaskGroup.run(tg -> {
                tg.createTask("fails at 10", () -> {
                    Asyncio.sleep(ms(10));
                    throw new IllegalStateException("child failed");
                });
                try {
                    Asyncio.sleep(ms(5));
                } finally {
                    log.add("finally starts at " + nowMs());
                    try {
                        Asyncio.sleep(ms(20));
                        log.add("finally finished (wrong)");
                    } catch (CancelledError e) {
                        log.add("finally cancelled at " + nowMs());
                        throw e;
                    }
                }
                return null;
            }))).isInstanceOfSatisfying(ExceptionGroup.class,
                    g -> assertThat(g.exceptions()).extracting(Throwable::getMessage).containsExactly("child failed"));
            assertThat(log).containsExactly("finally starts at 5", "finally cancelled at 10");
        }

        @Test
        void cancelOfAGroupWhileAChildIsFailingKeepsTheFailure() {
            // at t=10 the child's timer and the group's cancel() fire in one iteration; the child
            // fails while the group is being cancelled: cancel() must not hide that failure
            assertThatThrownBy(() -> runVirtual(() -> TaskGroup.run(tg -> {
                tg.createTask("fails while cancelled", () -> {
                    try {
                        Asyncio.sleep(ms(10));
                    } catch (CancelledError e) {
                        throw new IllegalStateException("child failed during cancel");
                    }
                });
                Asyncio.sleep(Duration.ZERO); // the child's timer is scheduled before ours
                Asyncio.runningLoop().callLater(ms(10), tg::cancel);
                Asyncio.sleep(Duration.ofHours(1));
                return null;
            }))).isInstanceOfSatisfying(ExceptionGroup.class, g -> assertThat(g.exceptions())
                    .extracting(Throwable::getMessage).containsExactly("child failed during cancel"));
        }
    }

    @Nested
    class KnownAsyncioBugs {
        /** cpython#116720: a nested TaskGroup swallowed the cancellation coming from its parent group. */
        @Test
        void aNestedGroupDoesNotSwallowTheCancellationOfItsParentGroup() {
            List<String> log = new ArrayList<>();
            assertThatThrownBy(() -> runVirtual(() -> TaskGroup.run(outer -> {
                outer.createTask("outer child", () -> {
                    Asyncio.sleep(ms(10));
                    throw new IllegalStateException("outer child failed");
                });
                TaskGroup.run(inner -> {
                    inner.createTask("inner child", () -> {
                        Asyncio.sleep(ms(10));
                        throw new IllegalArgumentException("inner child failed");
                    });
                    Asyncio.sleep(Duration.ofHours(1));
                    return null;
                });
                log.add("outer body ran on after the inner group (wrong)");
                Asyncio.sleep(Duration.ofHours(1));
                return null;
            }))).isInstanceOfSatisfying(ExceptionGroup.class, g -> {
                assertThat(g.contains(IllegalStateException.class)).isTrue();
                assertThat(g.contains(IllegalArgumentException.class)).isTrue();
            });
            assertThat(log).isEmpty();
        }

        /** gh-134471: timeout(0) swallowed a cancellation requested before it was entered. */
        @Test
        void aZeroTimeoutDoesNotConvertAnEarlierCancellation() {
            String r = runVirtual(() -> {
                Task<String> t = Asyncio.createTask("t", () -> {
                    Asyncio.currentTask().cancel("earlier");
                    return Asyncio.timeout(Duration.ZERO, () -> {
                        Asyncio.sleep(ms(10));
                        return "body";
                    });
                });
                try {
                    return t.await();
                } catch (CancelledError e) {
                    return "cancelled: " + e.getMessage();
                } catch (AsyncTimeoutException e) {
                    return "timed out (wrong)";
                }
            });
            assertThat(r).isEqualTo("cancelled: earlier");
        }

        /** gh-155433: after tg.cancel() the group swallowed a cancellation from an enclosing timeout. */
        @Test
        void aCancelledGroupStillLetsAnOuterTimeoutThrough() {
            assertThatThrownBy(() -> runVirtual(() -> Asyncio.timeout(ms(500), () -> TaskGroup.run(tg -> {
                tg.createTask("worker", () -> {
                    try {
                        Asyncio.sleep(Duration.ofHours(1));
                    } finally {
                        Asyncio.sleep(Duration.ofSeconds(1));
                    }
                });
                Asyncio.sleep(ms(100));
                tg.cancel();
                return "no error (wrong)";
            })))).isInstanceOf(AsyncTimeoutException.class);
        }
    }

    @Nested
    class CleanupPattern {
        @Test
        void catchTheCancellationAwaitAFlushAndRethrow() {
            List<String> log = new ArrayList<>();
            runVirtual(() -> {
                Task<Void> consumer = Asyncio.createTask("consumer", () -> {
                    try {
                        while (true) {
                            Asyncio.sleep(ms(10));
                        }
                    } catch (CancelledError e) {
                        Asyncio.sleep(ms(25)); // flushOffsets()
                        log.add("flushed at " + nowMs());
                        throw e;
                    }
                });
                Asyncio.sleep(ms(35));
                consumer.cancel("shutdown");
                try {
                    consumer.await();
                } catch (CancelledError e) {
                    log.add("consumer " + (consumer.isCancelled() ? "cancelled" : "not cancelled") + ": " + e.getMessage());
                }
                return null;
            });
            assertThat(log).containsExactly("flushed at 60", "consumer cancelled: shutdown");
        }

        @Test
        void theFlushWithADeadline() {
            List<String> log = new ArrayList<>();
            runVirtual(() -> {
                Task<Void> consumer = Asyncio.createTask("consumer", () -> {
                    try {
                        Asyncio.sleep(Duration.ofHours(1));
                    } catch (CancelledError e) {
                        boolean flushed = Asyncio.moveOnAfter(ms(50), () -> {
                            Asyncio.sleep(Duration.ofHours(1)); // a flush that hangs
                            return true;
                        }, false);
                        log.add("flushed=" + flushed + " at " + nowMs());
                        throw e;
                    }
                });
                Asyncio.sleep(ms(10));
                consumer.cancel();
                try {
                    consumer.await();
                } catch (CancelledError e) {
                    log.add("cancelled");
                }
                return null;
            });
            assertThat(log).containsExactly("flushed=false at 60", "cancelled");
        }
    }
}
