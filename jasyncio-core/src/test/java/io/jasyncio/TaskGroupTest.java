package io.jasyncio;

import static io.jasyncio.Loops.runVirtual;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TaskGroupTest {

    static final class Boom extends RuntimeException {
        Boom(String m) {
            super(m);
        }
    }

    static Void failAfter(long ms, String what) {
        Asyncio.sleep(Duration.ofMillis(ms));
        throw new Boom(what);
    }

    @Nested
    class Lifetime {
        @Test
        void leavingTheGroupWaitsForEveryChildAndReturnsTheBodysValue() {
            List<String> log = new ArrayList<>();
            String r = runVirtual(() -> TaskGroup.run(tg -> {
                tg.createTask("slow", () -> {
                    Asyncio.sleep(Duration.ofMillis(30));
                    log.add("slow done");
                });
                tg.createTask("fast", () -> {
                    Asyncio.sleep(Duration.ofMillis(10));
                    log.add("fast done");
                });
                log.add("body done");
                return "value";
            }));
            assertThat(r).isEqualTo("value");
            assertThat(log).containsExactly("body done", "fast done", "slow done");
        }

        @Test
        void childrenHaveTheirNamesAndNoTaskOutlivesTheGroup() {
            List<String> names = runVirtual(() -> {
                List<String> n = new ArrayList<>();
                TaskGroup.run(tg -> {
                    Task<String> a = tg.createTask("upstream-1", () -> Thread.currentThread().getName());
                    n.add(a.name());
                    return null;
                });
                n.add(String.valueOf(Asyncio.allTasks().size()));
                return n;
            });
            assertThat(names).containsExactly("upstream-1", "1");
        }

        @Test
        void childrenMayStartSiblingsWhileTheGroupWaits() {
            int n = runVirtual(() -> {
                int[] count = {0};
                TaskGroup.run(tg -> {
                    tg.createTask("parent", () -> {
                        Asyncio.sleep(Duration.ofMillis(5));
                        tg.createTask("late sibling", () -> {
                            Asyncio.sleep(Duration.ofMillis(5));
                            count[0]++;
                        });
                    });
                    return null;
                });
                return count[0];
            });
            assertThat(n).isEqualTo(1);
        }
    }

    @Nested
    class Failures {
        @Test
        void aFailingChildCancelsItsSiblingsAndTheBodyAndEveryFailureComesOutTogether() {
            List<String> log = new ArrayList<>();
            assertThatThrownBy(() -> runVirtual(() -> TaskGroup.run(tg -> {
                tg.createTask("a", () -> failAfter(10, "a failed"));
                tg.createTask("b", () -> {
                    try {
                        Asyncio.sleep(Duration.ofSeconds(10));
                    } catch (CancelledError e) {
                        log.add("sibling cancelled");
                        throw new Boom("b failed while cancelled");
                    }
                });
                try {
                    Asyncio.sleep(Duration.ofSeconds(10));
                } catch (CancelledError e) {
                    log.add("body cancelled");
                    throw e;
                }
                log.add("body ran on");
                return null;
            })))
                    .isInstanceOfSatisfying(ExceptionGroup.class, g -> {
                        assertThat(g.exceptions()).extracting(Throwable::getMessage)
                                .containsExactly("a failed", "b failed while cancelled");
                        assertThat(g.getSuppressed()).containsAll(g.exceptions());
                    });
            assertThat(log).containsExactlyInAnyOrder("sibling cancelled", "body cancelled");
        }

        @Test
        void aChildThatEndsCancelledIsNotAnError() {
            String r = runVirtual(() -> TaskGroup.run(tg -> {
                Task<Void> t = tg.createTask("sleeper", () -> Asyncio.sleep(Duration.ofSeconds(5)));
                Asyncio.sleep(Duration.ofMillis(1));
                t.cancel();
                return "fine";
            }));
            assertThat(r).isEqualTo("fine");
        }

        @Test
        void aFailureOfTheBodyJoinsTheGroupAndCancelsTheChildren() {
            boolean[] childCancelled = {false};
            assertThatThrownBy(() -> runVirtual(() -> TaskGroup.run(tg -> {
                tg.createTask("child", () -> {
                    try {
                        Asyncio.sleep(Duration.ofSeconds(5));
                    } catch (CancelledError e) {
                        childCancelled[0] = true;
                        throw e;
                    }
                });
                Asyncio.sleep(Duration.ofMillis(1));
                throw new Boom("body failed");
            }))).isInstanceOfSatisfying(ExceptionGroup.class,
                    g -> assertThat(g.exceptions()).extracting(Throwable::getMessage).containsExactly("body failed"));
            assertThat(childCancelled[0]).isTrue();
        }

        @Test
        void nestedGroupsAreKept() {
            assertThatThrownBy(() -> runVirtual(() -> TaskGroup.run(outer -> {
                outer.createTask("inner-group", () -> TaskGroup.run(inner -> {
                    inner.createTask("deep", () -> failAfter(1, "deep failure"));
                    return null;
                }));
                return null;
            }))).isInstanceOfSatisfying(ExceptionGroup.class, g -> {
                assertThat(g.exceptions()).hasSize(1);
                assertThat(g.exceptions().get(0)).isInstanceOf(ExceptionGroup.class);
                assertThat(g.contains(Boom.class)).isTrue();
            });
        }

        @Test
        void checkedFailuresAreKeptAsTheyAre() {
            assertThatThrownBy(() -> runVirtual(() -> TaskGroup.run(tg -> {
                tg.createTask("io", () -> {
                    throw new java.io.IOException("disk");
                });
                return null;
            }))).isInstanceOfSatisfying(ExceptionGroup.class,
                    g -> assertThat(g.exceptions().get(0)).isInstanceOf(java.io.IOException.class).hasMessage("disk"));
        }
    }

    /** No failure may vanish: child failures win over every cancellation that ends the group. */
    @Nested
    class FailuresWin {
        /** Children that fail at +10 ms; one child keeps the group unwinding until +50 ms. */
        Void fiveFailuresAndASlowCleanup(TaskGroup tg) {
            for (int i = 0; i < 5; i++) {
                int n = i;
                tg.createTask("failing-" + n, () -> {
                    Asyncio.sleep(Duration.ofMillis(10));
                    throw new ArithmeticException("child " + n);
                });
            }
            tg.createTask("slow cleanup", () -> {
                try {
                    Asyncio.sleep(Duration.ofHours(1));
                } catch (CancelledError e) {
                    Asyncio.shielded(() -> {
                        Asyncio.sleep(Duration.ofMillis(40));
                        return null;
                    });
                    throw e;
                }
            });
            Asyncio.sleep(Duration.ofHours(1));
            return null;
        }

        @Test
        void theAwaiterOfATaskCancelledWhileItsGroupUnwindsSeesEveryChildFailure() {
            List<ExceptionContext> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
            Throwable seen = runVirtual(() -> {
                Asyncio.runningLoop().setExceptionHandler((l, c) -> reports.add(c));
                Task<Void> r = Asyncio.createTask("r", () -> TaskGroup.run(this::fiveFailuresAndASlowCleanup));
                Asyncio.sleep(Duration.ofMillis(20)); // the group is unwinding: waiting for "slow cleanup"
                r.cancel("from outside");
                try {
                    r.await();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            assertThat(seen).isInstanceOfSatisfying(ExceptionGroup.class, g -> assertThat(g.exceptions())
                    .hasSize(5).allSatisfy(e -> assertThat(e).isInstanceOf(ArithmeticException.class)));
            assertThat(reports).isEmpty();
        }

        @Test
        void theCancellationStaysPendingAndIsRaisedAtTheNextCheckpointAfterTheGroup() {
            List<String> log = new ArrayList<>();
            runVirtual(() -> {
                Task<Void> r = Asyncio.createTask("r", () -> {
                    try {
                        TaskGroup.run(this::fiveFailuresAndASlowCleanup);
                    } catch (ExceptionGroup g) {
                        log.add("group: " + g.exceptions().size() + " failures");
                    }
                    try {
                        Asyncio.sleep(Duration.ZERO);
                        log.add("ran on (wrong)");
                    } catch (CancelledError e) {
                        log.add("then cancelled: " + e.getMessage());
                        throw e;
                    }
                });
                Asyncio.sleep(Duration.ofMillis(20));
                r.cancel("from outside");
                try {
                    r.await();
                } catch (CancelledError e) {
                    log.add("r cancelled=" + r.isCancelled());
                }
                return null;
            });
            assertThat(log).containsExactly("group: 5 failures", "then cancelled: from outside", "r cancelled=true");
        }

        @Test
        void aChildCrashingWhileATimeoutExpiresComesOutAsTheCrashNotAsATimeout() {
            List<String> log = new ArrayList<>();
            assertThatThrownBy(() -> runVirtual(() -> {
                try {
                    return Asyncio.timeout(Duration.ofMillis(50), () -> TaskGroup.run(tg -> {
                        tg.createTask("crashes when cancelled", () -> {
                            try {
                                Asyncio.sleep(Duration.ofHours(1));
                            } catch (CancelledError e) {
                                throw new Boom("crash during the timeout");
                            }
                        });
                        Asyncio.sleep(Duration.ofHours(1));
                        return "value";
                    }));
                } catch (AsyncTimeoutException e) {
                    log.add("retry (wrong)");
                    return "retried";
                }
            })).isInstanceOfSatisfying(ExceptionGroup.class, g -> assertThat(g.exceptions())
                    .extracting(Throwable::getMessage).containsExactly("crash during the timeout"));
            assertThat(log).isEmpty();
        }

        @Test
        void aMoveOnScopeLetsAChildFailureThroughInsteadOfReturningItsFallback() {
            List<ExceptionContext> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
            assertThatThrownBy(() -> runVirtual(() -> {
                Asyncio.runningLoop().setExceptionHandler((l, c) -> reports.add(c));
                return Asyncio.moveOnAfter(Duration.ofMillis(50), () -> TaskGroup.run(tg -> {
                    tg.createTask("raises while the deadline cancels the group", () -> {
                        try {
                            Asyncio.sleep(Duration.ofHours(1));
                        } catch (CancelledError e) {
                            throw new java.util.NoSuchElementException("key");
                        }
                    });
                    Asyncio.sleep(Duration.ofHours(1));
                    return "value";
                }), "fallback");
            })).isInstanceOfSatisfying(ExceptionGroup.class, g -> assertThat(g.exceptions())
                    .singleElement().isInstanceOf(java.util.NoSuchElementException.class));
            assertThat(reports).isEmpty();
        }

        @Test
        void aMoveOnScopeStillReturnsItsFallbackWhenTheChildrenEndCancelled() {
            String r = runVirtual(() -> Asyncio.moveOnAfter(Duration.ofMillis(50), () -> TaskGroup.run(tg -> {
                tg.createTask("sleeper", () -> Asyncio.sleep(Duration.ofHours(1)));
                Asyncio.sleep(Duration.ofHours(1));
                return "value";
            }), "fallback"));
            assertThat(r).isEqualTo("fallback");
        }

        @Test
        void twoChildrenFailingInTheSameIterationAreBothReported() {
            assertThatThrownBy(() -> runVirtual(() -> TaskGroup.run(tg -> {
                tg.createTask("a", () -> failAfter(10, "a failed"));
                tg.createTask("b", () -> failAfter(10, "b failed"));
                Asyncio.sleep(Duration.ofHours(1));
                return null;
            }))).isInstanceOfSatisfying(ExceptionGroup.class, g -> assertThat(g.exceptions())
                    .extracting(Throwable::getMessage).containsExactly("a failed", "b failed"));
        }

        @Test
        void aSiblingWokenInTheIterationOfAFailureRunsThatStepBeforeItIsCancelled() {
            List<String> log = new ArrayList<>();
            assertThatThrownBy(() -> runVirtual(() -> TaskGroup.run(tg -> {
                tg.createTask("fails", () -> failAfter(10, "failed"));
                tg.createTask("woken together", () -> {
                    Asyncio.sleep(Duration.ofMillis(10));
                    log.add("step ran");
                    try {
                        Asyncio.sleep(Duration.ofHours(1));
                    } catch (CancelledError e) {
                        log.add("cancelled at its next checkpoint");
                        throw e;
                    }
                });
                Asyncio.sleep(Duration.ofHours(1));
                return null;
            }))).isInstanceOf(ExceptionGroup.class);
            assertThat(log).containsExactly("step ran", "cancelled at its next checkpoint");
        }
    }

    @Nested
    class Cancellation {
        @Test
        void cancellingTheEnclosingTaskCancelsTheChildrenAndSurfacesAsCancellation() {
            List<String> log = new ArrayList<>();
            String r = runVirtual(() -> {
                Task<Void> t = Asyncio.createTask("owner", () -> TaskGroup.run(tg -> {
                    tg.createTask("child", () -> {
                        try {
                            Asyncio.sleep(Duration.ofSeconds(10));
                        } finally {
                            Asyncio.sleep(Duration.ofMillis(5));
                            log.add("child cleaned up");
                        }
                    });
                    Asyncio.sleep(Duration.ofSeconds(10));
                    return null;
                }));
                Asyncio.sleep(Duration.ofMillis(1));
                t.cancel("stop");
                try {
                    t.await();
                    return "not cancelled";
                } catch (CancelledError e) {
                    return "cancelled: " + e.getMessage();
                }
            });
            assertThat(r).isEqualTo("cancelled: stop");
            assertThat(log).containsExactly("child cleaned up");
        }

        @Test
        void cancelOnTheGroupStopsItWithoutAnError() {
            List<String> log = new ArrayList<>();
            Object r = runVirtual(() -> TaskGroup.run(tg -> {
                tg.createTask("worker", () -> {
                    try {
                        Asyncio.sleep(Duration.ofSeconds(10));
                    } catch (CancelledError e) {
                        log.add("worker cancelled");
                        throw e;
                    }
                });
                Asyncio.sleep(Duration.ofMillis(1));
                tg.cancel();
                Asyncio.sleep(Duration.ofSeconds(10));
                log.add("body ran on");
                return "value";
            }));
            assertThat(r).isNull();
            assertThat(log).containsExactly("worker cancelled");
        }

        @Test
        void aBodyThatReturnsAfterCancelWithoutReachingACheckpointKeepsItsValue() {
            Object r = runVirtual(() -> TaskGroup.run(tg -> {
                tg.createTask("worker", () -> Asyncio.sleep(Duration.ofSeconds(10)));
                tg.cancel();
                return "value";
            }));
            assertThat(r).isEqualTo("value");
        }

        @Test
        void theGroupNeverExitsWhileAChildStillRuns() {
            List<String> log = new ArrayList<>();
            runVirtual(() -> {
                Task<Void> t = Asyncio.createTask("owner", () -> {
                    TaskGroup.run(tg -> {
                        tg.createTask("stubborn", () -> {
                            try {
                                Asyncio.sleep(Duration.ofSeconds(10));
                            } catch (CancelledError e) {
                                Asyncio.shielded(() -> {
                                    Asyncio.sleep(Duration.ofSeconds(2));
                                    return null;
                                });
                                log.add("stubborn done");
                                throw e;
                            }
                        });
                        Asyncio.sleep(Duration.ofSeconds(10));
                        return null;
                    });
                });
                Asyncio.sleep(Duration.ofMillis(1));
                t.cancel();
                try {
                    t.await();
                } catch (CancelledError e) {
                    log.add("group exited");
                }
                return null;
            });
            assertThat(log).containsExactly("stubborn done", "group exited");
        }
    }

    @Nested
    class Spawning {
        @Test
        void spawningIntoAnAbortingGroupFailsClearly() {
            assertThatThrownBy(() -> runVirtual(() -> TaskGroup.run(tg -> {
                tg.createTask("bad", () -> failAfter(0, "x"));
                try {
                    Asyncio.sleep(Duration.ofSeconds(1));
                } catch (CancelledError e) {
                    tg.createTask("too late", () -> null);
                }
                return null;
            }))).isInstanceOfSatisfying(ExceptionGroup.class, g -> assertThat(g.exceptions())
                    .anySatisfy(e -> assertThat(e).isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("is aborting")
                            .hasMessageContaining("cannot start new tasks")));
        }

        @Test
        void spawningIntoAClosedGroupFailsClearly() {
            assertThatThrownBy(() -> runVirtual(() -> {
                TaskGroup[] escaped = new TaskGroup[1];
                TaskGroup.run(tg -> {
                    escaped[0] = tg;
                    return null;
                });
                return escaped[0].createTask("late", () -> null);
            })).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is closed")
                    .hasMessageContaining("create the task inside the group's body");
        }
    }

    @Nested
    class Start {
        @Test
        void startReturnsOnceTheChildIsReadyAndTheChildKeepsRunning() {
            List<String> log = new ArrayList<>();
            int port = runVirtual(() -> TaskGroup.run(tg -> {
                int p = tg.<Integer>start("server", status -> {
                    Asyncio.sleep(Duration.ofMillis(5));
                    log.add("bound");
                    status.started(8080);
                    Asyncio.sleep(Duration.ofMillis(5));
                    log.add("served");
                });
                log.add("started " + p);
                return p;
            }));
            assertThat(port).isEqualTo(8080);
            assertThat(log).containsExactly("bound", "started 8080", "served");
        }

        @Test
        void aFailureBeforeReadinessComesOutOfStartAndDoesNotAbortTheGroup() {
            String r = runVirtual(() -> TaskGroup.run(tg -> {
                try {
                    tg.<Integer>start("server", status -> {
                        throw new Boom("bind failed");
                    });
                    return "no error";
                } catch (Boom e) {
                    return e.getMessage() + ", aborting=" + tg.isAborting();
                }
            }));
            assertThat(r).isEqualTo("bind failed, aborting=false");
        }

        @Test
        void aStartCancelledByAnEnclosingTimeoutWhileItWaitsForReadinessCancelsTheChild() {
            List<String> log = new ArrayList<>();
            String r = runVirtual(() -> TaskGroup.run(tg -> {
                int port = Asyncio.moveOnAfter(Duration.ofMillis(10), () -> tg.<Integer>start("slow", status -> {
                    try {
                        Asyncio.sleep(Duration.ofHours(1));
                    } catch (CancelledError e) {
                        log.add("child cancelled at " + Asyncio.runningLoop().time() / 1_000_000);
                        throw e;
                    }
                    status.started(8080);
                }), -1);
                Asyncio.sleep(Duration.ofHours(2));
                return "port " + port + ", aborting=" + tg.isAborting();
            }));
            assertThat(r).isEqualTo("port -1, aborting=false");
            assertThat(log).containsExactly("child cancelled at 10");
        }

        @Test
        void aStartWhoseTaskIsCancelledWhileItWaitsForReadinessCancelsTheChild() {
            List<String> log = new ArrayList<>();
            String r = runVirtual(() -> TaskGroup.run(tg -> {
                Task<Integer> starter = Asyncio.createTask("starter", () -> tg.<Integer>start("slow", status -> {
                    try {
                        Asyncio.sleep(Duration.ofHours(1));
                    } catch (CancelledError e) {
                        log.add("child cancelled: " + e.getMessage());
                        throw e;
                    }
                    status.started(8080);
                }));
                Asyncio.sleep(Duration.ofMillis(10));
                starter.cancel("give up");
                try {
                    starter.await();
                } catch (CancelledError e) {
                    log.add("starter cancelled: " + e.getMessage());
                }
                Asyncio.sleep(Duration.ofHours(2));
                return "aborting=" + tg.isAborting();
            }));
            assertThat(r).isEqualTo("aborting=false");
            assertThat(log).containsExactly("child cancelled: the task waiting in TaskGroup.start() was cancelled",
                    "starter cancelled: give up");
        }

        @Test
        void aChildThatReturnsWithoutSignallingFailsStart() {
            String r = runVirtual(() -> TaskGroup.run(tg -> {
                try {
                    tg.<Integer>start("lazy", status -> {
                    });
                    return "no error";
                } catch (IllegalStateException e) {
                    return e.getMessage();
                }
            }));
            assertThat(r).contains("'lazy' returned without calling started()");
        }
    }
}
