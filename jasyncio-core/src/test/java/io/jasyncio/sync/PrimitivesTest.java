package io.jasyncio.sync;

import static io.jasyncio.Settle.settle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.Loops;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Event, AsyncCondition, the semaphores, Barrier and CapacityLimiter. */
class PrimitivesTest {

    @Nested
    class EventBehaviour {
        @Test
        void setWakesEveryWaiterInOrderAndClearResets() {
            List<String> order = Loops.runVirtual(() -> {
                Event e = new Event();
                List<String> got = new ArrayList<>();
                for (String n : List.of("a", "b", "c")) {
                    Asyncio.createTask(n, () -> {
                        e.await();
                        got.add(n);
                        return null;
                    });
                }
                settle();
                assertThat(got).isEmpty();
                e.set();
                settle();
                assertThat(e.isSet()).isTrue();
                e.await();   // returns at once
                e.clear();
                assertThat(e.isSet()).isFalse();
                assertThat(e.toString()).isEqualTo("Event[unset]");
                return got;
            });
            assertThat(order).containsExactly("a", "b", "c");
        }

        @Test
        void waitingCountsTheTasksWaitingForTheEvent() {
            Loops.runVirtual(() -> {
                Event e = new Event();
                assertThat(e.waiting()).isZero();
                Asyncio.createTask("a", () -> { e.await(); return null; });
                Asyncio.createTask("b", () -> { e.await(); return null; });
                settle();
                assertThat(e.waiting()).isEqualTo(2);
                e.set();
                assertThat(e.waiting()).isZero();
                return null;
            });
        }

        @Test
        void waiterCancelledInTheIterationOfTheSetRaisesAndOthersProceed() {
            Loops.runVirtual(() -> {
                Event e = new Event();
                Task<Void> a = Asyncio.createTask("a", () -> {
                    e.await();
                    return null;
                });
                Task<Void> b = Asyncio.createTask("b", () -> {
                    e.await();
                    return null;
                });
                settle();
                e.set();
                a.cancel();
                settle();
                assertThat(a.isCancelled()).isTrue();
                assertThat(b.isDone() && !b.isCancelled()).isTrue();
                return null;
            });
        }
    }

    @Nested
    class ConditionBehaviour {
        @Test
        void signalWakesOneInOrderAndAwaitForChecksThePredicate() {
            List<String> order = Loops.runVirtual(() -> {
                AsyncCondition c = new AsyncCondition();
                List<Integer> jobs = new ArrayList<>();
                List<String> got = new ArrayList<>();
                for (String n : List.of("a", "b")) {
                    Asyncio.createTask(n, () -> {
                        try (var h = c.acquire()) {
                            c.awaitFor(() -> !jobs.isEmpty());
                            got.add(n + jobs.removeFirst());
                        }
                        return null;
                    });
                }
                settle();
                try (var h = c.acquire()) {
                    jobs.add(1);
                    c.signal();
                }
                settle();
                try (var h = c.acquire()) {
                    jobs.add(2);
                    c.signalAll();
                }
                settle();
                return got;
            });
            assertThat(order).containsExactly("a1", "b2");
        }

        @Test
        void awaitWithoutTheLockSaysToAcquireIt() {
            Loops.runVirtual(() -> {
                AsyncCondition c = new AsyncCondition();
                assertThatThrownBy(c::await).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("condition.acquire()");
                assertThatThrownBy(c::signal).isInstanceOf(IllegalStateException.class);
                return null;
            });
        }

        @Test
        void cancelledWaiterReacquiresTheLockBeforeRaising() {
            Loops.runVirtual(() -> {
                AsyncCondition c = new AsyncCondition();
                boolean[] heldInFinally = {false};
                Task<Void> w = Asyncio.createTask("w", () -> {
                    c.acquire();
                    try {
                        c.await();
                    } finally {
                        heldInFinally[0] = c.isLocked();
                        c.release();
                    }
                    return null;
                });
                settle();
                try (var h = c.acquire()) {
                    w.cancel();
                    settle();
                    assertThat(w.isDone()).isFalse();   // waits for the lock we hold
                }
                settle();
                assertThat(w.isCancelled()).isTrue();
                assertThat(heldInFinally[0]).isTrue();
                assertThat(c.isLocked()).isFalse();
                return null;
            });
        }

        @Test
        void awaitWithACancellationAlreadyPendingRaisesAtOnceWithTheLockHeld() {
            Loops.runVirtual(() -> {
                AsyncCondition c = new AsyncCondition();
                boolean[] held = {false};
                Task<Void> w = Asyncio.createTask("w", () -> {
                    try (var h = c.acquire()) {
                        Asyncio.currentTask().cancel();
                        try {
                            c.await();
                        } finally {
                            held[0] = c.isLocked();
                        }
                    }
                    return null;
                });
                settle();
                assertThat(w.isCancelled()).isTrue();
                assertThat(held[0]).isTrue();
                assertThat(c.isLocked()).isFalse();
                return null;
            });
        }

        @Test
        void cancelWhileReacquiringAfterASignalRaisesWithTheLockHeld() {
            Loops.runVirtual(() -> {
                AsyncCondition c = new AsyncCondition();
                List<String> log = new ArrayList<>();
                Task<Void> w = Asyncio.createTask("w", () -> {
                    try (var h = c.acquire()) {
                        try {
                            c.await();
                            log.add("await returned");
                        } finally {
                            log.add("finally, locked=" + c.isLocked());
                        }
                    }
                    return null;
                });
                settle();
                try (var h = c.acquire()) {
                    c.signal();
                    settle();   // w was notified and now waits to re-acquire the lock we hold
                    assertThat(c.waiting()).isZero();
                    w.cancel();
                    settle();
                    assertThat(w.isDone()).isFalse();   // still waits for the lock
                }
                settle();
                assertThat(w.isCancelled()).isTrue();
                assertThat(log).containsExactly("finally, locked=true");
                assertThat(c.isLocked()).isFalse();
                return null;
            });
        }

        @Test
        void aNotificationTakenByAWaiterCancelledWhileReacquiringPassesToTheNext() {
            Loops.runVirtual(() -> {
                AsyncCondition c = new AsyncCondition();
                List<String> woke = new ArrayList<>();
                List<Task<Void>> ts = new ArrayList<>();
                for (String n : List.of("a", "b")) {
                    ts.add(Asyncio.createTask(n, () -> {
                        try (var h = c.acquire()) {
                            c.await();
                            woke.add(n);
                        }
                        return null;
                    }));
                    settle();
                }
                assertThat(c.waiting()).isEqualTo(2);
                try (var h = c.acquire()) {
                    c.signal();
                    settle();             // a was notified and waits for the lock
                    ts.get(0).cancel();   // cancelled while re-acquiring
                }
                settle();
                assertThat(ts.get(0).isCancelled()).isTrue();
                assertThat(woke).containsExactly("b");
                assertThat(ts.get(1).isDone()).isTrue();
                return null;
            });
        }

        @Test
        void notifiedWaiterCancelledInTheSameIterationPassesTheSignalOn() {
            Loops.runVirtual(() -> {
                AsyncCondition c = new AsyncCondition();
                List<String> woke = new ArrayList<>();
                List<Task<Void>> ts = new ArrayList<>();
                for (String n : List.of("a", "b")) {
                    ts.add(Asyncio.createTask(n, () -> {
                        try (var h = c.acquire()) {
                            c.await();
                            woke.add(n);
                        }
                        return null;
                    }));
                    settle();
                }
                try (var h = c.acquire()) {
                    c.signal();          // a is notified...
                    ts.get(0).cancel();  // ...and cancelled before it resumes
                }
                settle();
                assertThat(ts.get(0).isCancelled()).isTrue();
                assertThat(woke).containsExactly("b");
                return null;
            });
        }
    }

    @Nested
    class Semaphores {
        @Test
        void permitsAreHandedOutFifoWithoutBarging() {
            List<String> order = Loops.runVirtual(() -> {
                AsyncSemaphore s = new AsyncSemaphore(1);
                List<String> got = new ArrayList<>();
                s.acquire();
                for (String n : List.of("a", "b")) {
                    Asyncio.createTask(n, () -> {
                        try (var p = s.acquire()) {
                            got.add(n);
                        }
                        return null;
                    });
                    settle();
                }
                s.release();
                assertThat(s.tryAcquire()).isFalse();   // the permit went to a
                settle();
                assertThat(s.value()).isEqualTo(1);
                return got;
            });
            assertThat(order).containsExactly("a", "b");
        }

        @Test
        void waiterCancelledAfterTheHandOverPassesThePermitOn() {
            Loops.runVirtual(() -> {
                AsyncSemaphore s = new AsyncSemaphore(0);
                Task<Void> a = Asyncio.createTask("a", () -> {
                    s.acquire();
                    return null;
                });
                settle();
                Task<Void> b = Asyncio.createTask("b", () -> {
                    s.acquire();
                    return null;
                });
                settle();
                s.release();
                a.cancel();
                settle();
                assertThat(a.isCancelled()).isTrue();
                assertThat(b.isDone()).isTrue();
                assertThat(s.value()).isZero();
                return null;
            });
        }

        @Test
        void waitingCountsTheTasksWaitingForAPermit() {
            Loops.runVirtual(() -> {
                AsyncSemaphore s = new AsyncSemaphore(1);
                s.acquire();
                Task<Void> a = Asyncio.createTask("a", () -> { s.acquire(); return null; });
                Asyncio.createTask("b", () -> { s.acquire(); return null; });
                settle();
                assertThat(s.waiting()).isEqualTo(2);
                a.cancel();
                settle();
                assertThat(s.waiting()).isEqualTo(1);
                s.release();
                assertThat(s.waiting()).isZero();
                return null;
            });
        }

        @Test
        void maxValueIsTheBoundOfABoundedSemaphoreAndEmptyOtherwise() {
            assertThat(new AsyncBoundedSemaphore(3).maxValue()).hasValue(3);
            assertThat(new AsyncSemaphore(3).maxValue()).isEmpty();
            Loops.runVirtual(() -> {
                AsyncBoundedSemaphore s = new AsyncBoundedSemaphore(2);
                s.acquire();
                assertThat(s.value()).isEqualTo(1);
                assertThat(s.maxValue()).hasValue(2);   // the bound, not the free permits
                return null;
            });
        }

        @Test
        void boundedSemaphoreRejectsAnExtraRelease() {
            Loops.runVirtual(() -> {
                AsyncBoundedSemaphore s = new AsyncBoundedSemaphore(2);
                try (var p = s.acquire()) {
                    assertThat(s.value()).isEqualTo(1);
                }
                assertThatThrownBy(s::release).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("released more often than acquired");
                assertThat(s.value()).isEqualTo(2);
                AsyncSemaphore plain = new AsyncSemaphore(1);
                plain.release();
                assertThat(plain.value()).isEqualTo(2);
                assertThatThrownBy(() -> new AsyncSemaphore(-1)).isInstanceOf(IllegalArgumentException.class);
                return null;
            });
        }
    }

    @Nested
    class BarrierBehaviour {
        @Test
        void tripsWhenAllPartiesArriveAndStartsANewRound() {
            List<Integer> indexes = Loops.runVirtual(() -> {
                Barrier b = new Barrier(3);
                List<Integer> got = new ArrayList<>();
                List<Task<Integer>> ts = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    ts.add(Asyncio.createTask(b::await));
                }
                settle();
                assertThat(b.waiting()).isEqualTo(2);
                got.add(b.await());
                for (Task<Integer> t : ts) {
                    got.add(t.await());
                }
                assertThat(b.waiting()).isZero();
                return got;
            });
            assertThat(indexes).containsExactly(2, 0, 1);
        }

        @Test
        void abortBreaksWaitersAndLaterArrivalsUntilReset() {
            Loops.runVirtual(() -> {
                Barrier b = new Barrier(2);
                Task<Integer> w = Asyncio.createTask(b::await);
                settle();
                b.abort();
                settle();
                assertThat(w.exception()).isInstanceOf(BarrierBrokenException.class);
                assertThat(b.isBroken()).isTrue();
                assertThatThrownBy(b::await).isInstanceOf(BarrierBrokenException.class).hasMessageContaining("reset()");
                b.reset();
                assertThat(b.isBroken()).isFalse();
                Task<Integer> again = Asyncio.createTask(b::await);
                assertThat(b.await() + again.await()).isEqualTo(1);
                return null;
            });
        }

        @Test
        void resetBreaksWaitersAndCancelledWaiterLeavesTheRound() {
            Loops.runVirtual(() -> {
                Barrier b = new Barrier(3);
                Task<Integer> w = Asyncio.createTask(b::await);
                settle();
                b.reset();
                settle();
                assertThat(w.exception()).isInstanceOf(BarrierBrokenException.class);
                Task<Integer> leaver = Asyncio.createTask(b::await);
                settle();
                leaver.cancel();
                settle();
                assertThat(b.waiting()).isZero();
                Task<Integer> x = Asyncio.createTask(b::await);
                Task<Integer> y = Asyncio.createTask(b::await);
                settle();
                assertThat(b.await()).isEqualTo(2);   // the leaver does not count
                assertThat(x.await() + y.await()).isEqualTo(1);
                return null;
            });
        }
    }

    @Nested
    class Limiter {
        @Test
        void tracksBorrowersAndHandsTokensOutFifo() {
            Loops.runVirtual(() -> {
                CapacityLimiter l = new CapacityLimiter(1);
                Object alice = "alice";
                Held token = l.acquireOnBehalfOf(alice);
                assertThatThrownBy(() -> l.acquireOnBehalfOf(alice)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("already holds");
                Task<Void> waiter = Asyncio.createTask("bob", () -> {
                    try (var t = l.acquire()) {
                        assertThat(l.statistics().borrowers()).containsExactly(Asyncio.currentTask());
                    }
                    return null;
                });
                settle();
                CapacityLimiter.Statistics st = l.statistics();
                assertThat(st).isEqualTo(new CapacityLimiter.Statistics(1, 1, List.of(alice), 1));
                assertThatThrownBy(() -> l.releaseOnBehalfOf("carol")).isInstanceOf(IllegalStateException.class);
                token.close();
                waiter.await();
                assertThat(l.borrowedTokens()).isZero();
                assertThat(l.availableTokens()).isEqualTo(1);
                return null;
            });
        }

        @Test
        void raisingTheTotalAtRunTimeWakesWaiters() {
            Loops.runVirtual(() -> {
                CapacityLimiter l = new CapacityLimiter(1);
                l.acquire();
                List<Task<Void>> ts = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    ts.add(Asyncio.createTask(() -> {
                        l.acquire();
                        return null;
                    }));
                }
                settle();
                assertThat(l.statistics().tasksWaiting()).isEqualTo(3);
                l.totalTokens(3);
                settle();
                assertThat(l.statistics().tasksWaiting()).isEqualTo(1);
                assertThat(l.borrowedTokens()).isEqualTo(3);
                l.totalTokens(1);   // lowering takes nothing back
                assertThat(l.borrowedTokens()).isEqualTo(3);
                assertThat(l.availableTokens()).isZero();
                ts.get(2).cancel();
                settle();
                assertThatThrownBy(() -> l.totalTokens(0)).isInstanceOf(IllegalArgumentException.class);
                return null;
            });
        }

        @Test
        void borrowerCancelledAfterTheHandOverPassesTheTokenOn() {
            Loops.runVirtual(() -> {
                CapacityLimiter l = new CapacityLimiter(1);
                Held mine = l.acquire();
                Task<Void> a = Asyncio.createTask("a", () -> {
                    l.acquire();
                    return null;
                });
                settle();
                Task<Void> b = Asyncio.createTask("b", () -> {
                    l.acquire();
                    return null;
                });
                settle();
                mine.close();
                a.cancel();
                settle();
                assertThat(a.isCancelled()).isTrue();
                assertThat(l.statistics().borrowers()).containsExactly(b);
                return null;
            });
        }
    }
}
