package io.jasyncio.sync;

import static io.jasyncio.Settle.settle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Loops;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AsyncLockTest {

    @Test
    void tryWithResourcesReleases() {
        boolean after = Loops.runVirtual(() -> {
            AsyncLock lock = new AsyncLock();
            try (var held = lock.acquire()) {
                assertThat(lock.isLocked()).isTrue();
            }
            return lock.isLocked();
        });
        assertThat(after).isFalse();
    }

    @Test
    void releaseOfUnlockedLockSaysWhatToDo() {
        Loops.runVirtual(() -> {
            AsyncLock lock = new AsyncLock();
            assertThatThrownBy(lock::release).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not locked").hasMessageContaining("try (var held = lock.acquire())");
            return null;
        });
    }

    @Test
    void acquireOutsideATaskSaysToUseATask() {
        assertThatThrownBy(() -> new AsyncLock().acquire()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Asyncio.run");
    }

    @Test
    void releaseFromAnotherThreadIsRejected() throws Exception {
        Loops.runVirtual(() -> {
            AsyncLock lock = new AsyncLock();
            lock.acquire();
            Throwable[] seen = new Throwable[1];
            Asyncio.toThread(() -> {
                try {
                    lock.release();
                } catch (Throwable t) {
                    seen[0] = t;
                }
                return null;
            });
            assertThat(seen[0]).isInstanceOf(WrongThreadException.class).hasMessageContaining("callSoonThreadsafe");
            assertThat(lock.isLocked()).isTrue();
            return null;
        });
    }

    @Test
    void waitingCountsTheTasksWaitingToAcquire() {
        Loops.runVirtual(() -> {
            AsyncLock lock = new AsyncLock();
            assertThat(lock.waiting()).isZero();
            lock.acquire();
            for (String n : List.of("a", "b")) {
                Asyncio.createTask(n, () -> {
                    try (var h = lock.acquire()) {
                        return null;
                    }
                });
            }
            settle();
            assertThat(lock.waiting()).isEqualTo(2);
            assertThat(lock).hasToString("AsyncLock[locked, waiters=2]");
            lock.release();   // handed to a: one still waits
            assertThat(lock.waiting()).isEqualTo(1);
            settle();
            assertThat(lock.waiting()).isZero();
            return null;
        });
    }

    @Nested
    class Fairness {
        @Test
        void waitersAcquireInArrivalOrder() {
            List<String> order = Loops.runVirtual(() -> {
                AsyncLock lock = new AsyncLock();
                List<String> got = new ArrayList<>();
                lock.acquire();
                for (String n : List.of("a", "b", "c")) {
                    Asyncio.createTask(n, () -> {
                        try (var h = lock.acquire()) {
                            got.add(n);
                        }
                        return null;
                    });
                    settle();
                }
                lock.release();
                settle();
                return got;
            });
            assertThat(order).containsExactly("a", "b", "c");
        }

        @Test
        void releaseThenImmediateReacquireDoesNotBargeAheadOfWaiters() {
            List<String> order = Loops.runVirtual(() -> {
                AsyncLock lock = new AsyncLock();
                List<String> got = new ArrayList<>();
                lock.acquire();
                Asyncio.createTask("waiter", () -> {
                    try (var h = lock.acquire()) {
                        got.add("waiter");
                    }
                    return null;
                });
                settle();
                lock.release();
                try (var h = lock.acquire()) {   // queues behind the waiter
                    got.add("releaser");
                }
                return got;
            });
            assertThat(order).containsExactly("waiter", "releaser");
        }
    }

    @Nested
    class Cancellation {
        @Test
        void cancelledWaiterNeverHoldsTheLock() {
            Loops.runVirtual(() -> {
                AsyncLock lock = new AsyncLock();
                lock.acquire();
                Task<Void> w = Asyncio.createTask("w", () -> {
                    lock.acquire();
                    return null;
                });
                settle();
                w.cancel();
                settle();
                assertThat(w.isCancelled()).isTrue();
                lock.release();
                assertThat(lock.isLocked()).isFalse();
                return null;
            });
        }

        @Test
        void cancelInTheSameIterationAsTheHandOverPassesTheLockOn() {
            List<String> order = Loops.runVirtual(() -> {
                AsyncLock lock = new AsyncLock();
                List<String> got = new ArrayList<>();
                lock.acquire();
                Task<Void> b = Asyncio.createTask("b", () -> {
                    try (var h = lock.acquire()) {
                        got.add("b");
                    }
                    return null;
                });
                settle();
                Task<Void> c = Asyncio.createTask("c", () -> {
                    try (var h = lock.acquire()) {
                        got.add("c");
                    }
                    return null;
                });
                settle();
                lock.release();    // hands the lock to b...
                b.cancel();        // ...which is cancelled before it resumes
                settle();
                assertThat(b.isCancelled()).isTrue();
                assertThat(c.isDone()).isTrue();
                assertThat(lock.isLocked()).isFalse();
                return got;
            });
            assertThat(order).containsExactly("c");
        }

        @Test
        void cancelledAfterHandOverWithNoOtherWaiterUnlocks() {
            Loops.runVirtual(() -> {
                AsyncLock lock = new AsyncLock();
                lock.acquire();
                Task<Void> b = Asyncio.createTask("b", () -> {
                    lock.acquire();
                    return null;
                });
                settle();
                lock.release();
                b.cancel();
                settle();
                assertThat(b.isCancelled()).isTrue();
                assertThat(lock.isLocked()).isFalse();
                assertThatThrownBy(b::result).isInstanceOf(CancelledError.class);
                return null;
            });
        }
    }
}
