package io.jasyncio.queues;

import static io.jasyncio.Settle.settle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.Loops;
import io.jasyncio.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AsyncQueueTest {

    @Test
    void nowaitVariantsThrowClearExceptions() {
        Loops.runVirtual(() -> {
            AsyncQueue<Integer> q = new AsyncQueue<>(1);
            assertThatThrownBy(q::getNowait).isInstanceOf(QueueEmptyException.class).hasMessageContaining("use get()");
            q.putNowait(1);
            assertThat(q.isFull()).isTrue();
            assertThat(q.size()).isEqualTo(1);
            assertThat(q.maxSize()).isEqualTo(1);
            assertThatThrownBy(() -> q.putNowait(2)).isInstanceOf(QueueFullException.class).hasMessageContaining("use put()");
            assertThat(q.getNowait()).isEqualTo(1);
            assertThat(q.isEmpty()).isTrue();
            assertThatThrownBy(() -> new AsyncQueue<>(-1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> q.putNowait(null)).isInstanceOf(NullPointerException.class);
            return null;
        });
    }

    @Test
    void priorityAndLifoOrders() {
        Loops.runVirtual(() -> {
            AsyncPriorityQueue<Integer> p = new AsyncPriorityQueue<>(0);
            AsyncPriorityQueue<String> byLength = new AsyncPriorityQueue<>(0, Comparator.comparingInt(String::length));
            AsyncLifoQueue<Integer> l = new AsyncLifoQueue<>(0);
            for (int i : new int[] {3, 1, 2}) {
                p.put(i);
                l.put(i);
            }
            byLength.put("ccc");
            byLength.put("a");
            assertThat(List.of(p.get(), p.get(), p.get())).containsExactly(1, 2, 3);
            assertThat(List.of(l.get(), l.get(), l.get())).containsExactly(2, 1, 3);
            assertThat(byLength.get()).isEqualTo("a");
            assertThat(p.toString()).startsWith("AsyncPriorityQueue[");
            return null;
        });
    }

    @Test
    void joinReturnsWhenEveryItemIsDone() {
        Loops.runVirtual(() -> {
            AsyncQueue<Integer> q = new AsyncQueue<>();
            q.put(1);
            q.put(2);
            Task<Void> joiner = Asyncio.createTask("join", () -> {
                q.join();
                return null;
            });
            q.get();
            q.taskDone();
            settle();
            assertThat(joiner.isDone()).isFalse();
            q.get();
            q.taskDone();
            settle();
            assertThat(joiner.isDone()).isTrue();
            assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class).hasMessageContaining("more times");
            return null;
        });
    }

    /**
     * The backpressure scenario: a producer far faster than its consumers. Memory stays
     * flat because the queue never holds more than maxSize items: the producer is suspended
     * instead of buffering (checked after every put).
     */
    @Test
    void fastProducerNeverOverfillsAndJoinWaitsForEveryItem() {
        int items = 2_000;
        int maxSize = 10;
        long[] result = Loops.runVirtual(() -> {
            AsyncQueue<Integer> q = new AsyncQueue<>(maxSize);
            int[] processed = {0};
            int[] maxSeen = {0};
            List<Task<Void>> consumers = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                consumers.add(Asyncio.createTask("consumer-" + c, () -> {
                    while (true) {
                        q.get();
                        Asyncio.sleep(Duration.ofMillis(100));   // 100x slower than the producer
                        processed[0]++;
                        q.taskDone();
                    }
                }));
            }
            for (int i = 0; i < items; i++) {
                q.put(i);
                Asyncio.sleep(Duration.ofMillis(1));
                maxSeen[0] = Math.max(maxSeen[0], q.size());
            }
            q.join();
            int doneAtJoin = processed[0];
            for (Task<Void> c : consumers) {
                c.cancel();
            }
            return new long[] {maxSeen[0], doneAtJoin, q.size()};
        });
        assertThat(result[0]).isLessThanOrEqualTo(maxSize);
        assertThat(result[1]).isEqualTo(items);
        assertThat(result[2]).isZero();
    }

    @Test
    void waitingGettersAndPuttersCountTheTasksWaiting() {
        Loops.runVirtual(() -> {
            AsyncQueue<Integer> empty = new AsyncQueue<>(1);
            Asyncio.createTask("g1", empty::get);
            Asyncio.createTask("g2", empty::get);
            AsyncQueue<Integer> full = new AsyncQueue<>(1);
            full.put(0);
            Asyncio.createTask("p", () -> {
                full.put(1);
                return null;
            });
            settle();
            assertThat(empty.waitingGetters()).isEqualTo(2);
            assertThat(empty.waitingPutters()).isZero();
            assertThat(full.waitingPutters()).isEqualTo(1);
            assertThat(full.waitingGetters()).isZero();
            empty.put(5);
            full.get();
            assertThat(empty.waitingGetters()).isEqualTo(1);
            assertThat(full.waitingPutters()).isZero();
            empty.put(6);
            settle();
            return null;
        });
    }

    @Nested
    class Fairness {
        @Test
        void gettersAreServedInArrivalOrder() {
            List<String> order = Loops.runVirtual(() -> {
                AsyncQueue<Integer> q = new AsyncQueue<>();
                List<String> got = new ArrayList<>();
                for (String n : List.of("a", "b", "c")) {
                    Asyncio.createTask(n, () -> {
                        got.add(n + q.get());
                        return null;
                    });
                    settle();
                }
                q.put(1);
                q.put(2);
                q.put(3);
                settle();
                return got;
            });
            assertThat(order).containsExactly("a1", "b2", "c3");
        }

        @Test
        void aFreedSlotGoesToTheWaitingPutterNotToALaterOne() {
            List<Integer> order = Loops.runVirtual(() -> {
                AsyncQueue<Integer> q = new AsyncQueue<>(1);
                q.put(0);
                Asyncio.createTask("waiting-putter", () -> {
                    q.put(1);
                    return null;
                });
                settle();
                q.get();
                assertThatThrownBy(() -> q.putNowait(2)).isInstanceOf(QueueFullException.class);
                settle();
                return List.of(q.get());
            });
            assertThat(order).containsExactly(1);
        }

        @Test
        void anItemPutWhileGettersWaitIsNotTakenByALaterGetNowait() {
            Loops.runVirtual(() -> {
                AsyncQueue<Integer> q = new AsyncQueue<>();
                Task<Integer> getter = Asyncio.createTask("getter", q::get);
                settle();
                q.put(7);
                assertThatThrownBy(q::getNowait).isInstanceOf(QueueEmptyException.class);
                assertThat(getter.await()).isEqualTo(7);
                return null;
            });
        }
    }

    @Nested
    class Cancellation {
        @Test
        void cancelledGetDoesNotLoseItem() {
            Loops.runVirtual(() -> {
                AsyncQueue<Integer> q = new AsyncQueue<>();
                Task<Integer> g = Asyncio.createTask("g", q::get);
                settle();
                g.cancel();
                settle();
                q.put(1);
                assertThat(g.isCancelled()).isTrue();
                assertThat(q.getNowait()).isEqualTo(1);
                return null;
            });
        }

        @Test
        void getterCancelledInTheSameIterationAsItsWakeUpPassesTheItemOn() {
            List<Object> seen = Loops.runVirtual(() -> {
                AsyncQueue<Integer> q = new AsyncQueue<>();
                Task<Integer> first = Asyncio.createTask("first", q::get);
                settle();
                Task<Integer> second = Asyncio.createTask("second", q::get);
                settle();
                q.put(42);          // wakes first...
                first.cancel();     // ...cancelled before it resumes
                settle();
                return List.of(first.isCancelled(), second.isDone() ? second.result() : "pending", q.size());
            });
            assertThat(seen).containsExactly(true, 42, 0);
        }

        @Test
        void wokenGetterCancelledWithNobodyElseLeavesTheItemQueued() {
            Loops.runVirtual(() -> {
                AsyncQueue<Integer> q = new AsyncQueue<>();
                Task<Integer> g = Asyncio.createTask("g", q::get);
                settle();
                q.put(5);
                g.cancel();
                settle();
                assertThat(g.isCancelled()).isTrue();
                assertThat(q.getNowait()).isEqualTo(5);
                return null;
            });
        }

        @Test
        void getUnderATimeoutRaisesTheTimeoutAndLeavesLaterItemsForOthers() {
            Loops.runVirtual(() -> {
                AsyncQueue<Integer> q = new AsyncQueue<>();
                assertThatThrownBy(() -> Asyncio.timeout(Duration.ofMillis(50), () -> q.get()))
                        .isInstanceOf(io.jasyncio.AsyncTimeoutException.class);
                q.put(1);
                assertThat(q.getNowait()).isEqualTo(1);
                return null;
            });
        }

        @Test
        void cancelledPutNeverInserts() {
            Loops.runVirtual(() -> {
                AsyncQueue<Integer> q = new AsyncQueue<>(1);
                q.put(1);
                Task<Void> p = Asyncio.createTask("p", () -> {
                    q.put(2);
                    return null;
                });
                settle();
                p.cancel();
                settle();
                assertThat(q.get()).isEqualTo(1);
                settle();
                assertThat(q.isEmpty()).isTrue();
                return null;
            });
        }

        @Test
        void putterCancelledInTheSameIterationAsItsWakeUpPassesTheSlotOn() {
            List<Integer> seen = Loops.runVirtual(() -> {
                AsyncQueue<Integer> q = new AsyncQueue<>(1);
                q.put(0);
                Task<Void> p1 = Asyncio.createTask("p1", () -> {
                    q.put(1);
                    return null;
                });
                settle();
                Task<Void> p2 = Asyncio.createTask("p2", () -> {
                    q.put(2);
                    return null;
                });
                settle();
                q.get();          // frees a slot for p1...
                p1.cancel();      // ...cancelled before it resumes
                settle();
                assertThat(p1.isCancelled()).isTrue();
                assertThat(p2.isDone()).isTrue();
                List<Integer> rest = new ArrayList<>();
                while (!q.isEmpty()) {
                    rest.add(q.getNowait());
                }
                return rest;
            });
            assertThat(seen).containsExactly(2);
        }
    }

    @Nested
    class Shutdown {
        @Test
        void shutdownWakesPuttersAndLetsGettersDrain() {
            Loops.runVirtual(() -> {
                AsyncQueue<Integer> q = new AsyncQueue<>(1);
                q.put(1);
                Task<Void> putter = Asyncio.createTask("putter", () -> {
                    q.put(2);
                    return null;
                });
                settle();
                q.shutdown();
                settle();
                assertThat(putter.exception()).isInstanceOf(QueueShutDownException.class);
                assertThatThrownBy(() -> q.put(3)).isInstanceOf(QueueShutDownException.class);
                assertThatThrownBy(() -> q.putNowait(3)).isInstanceOf(QueueShutDownException.class);
                assertThat(q.get()).isEqualTo(1);
                assertThatThrownBy(q::get).isInstanceOf(QueueShutDownException.class);
                assertThatThrownBy(q::getNowait).isInstanceOf(QueueShutDownException.class);
                assertThat(q.isShutDown()).isTrue();
                return null;
            });
        }

        @Test
        void shutdownWakesWaitingGetters() {
            Loops.runVirtual(() -> {
                AsyncQueue<Integer> q = new AsyncQueue<>();
                Task<Integer> g = Asyncio.createTask("g", q::get);
                settle();
                q.shutdown(false);
                settle();
                assertThat(g.exception()).isInstanceOf(QueueShutDownException.class);
                return null;
            });
        }

        @Test
        void immediateShutdownDropsItemsAndCountsThemDone() {
            Loops.runVirtual(() -> {
                AsyncQueue<Integer> q = new AsyncQueue<>();
                q.put(1);
                q.put(2);
                Task<Void> joiner = Asyncio.createTask("join", () -> {
                    q.join();
                    return null;
                });
                settle();
                q.shutdown(true);
                settle();
                assertThat(joiner.isDone()).isTrue();
                assertThat(q.isEmpty()).isTrue();
                assertThatThrownBy(q::get).isInstanceOf(QueueShutDownException.class);
                return null;
            });
        }

        @Test
        void immediateShutdownFailsAGetterWokenForADroppedItem() {
            Loops.runVirtual(() -> {
                AsyncQueue<Integer> q = new AsyncQueue<>();
                Task<Integer> g = Asyncio.createTask("g", q::get);
                settle();
                q.put(1);            // reserved for g
                q.shutdown(true);    // dropped before g resumes
                settle();
                assertThat(g.exception()).isInstanceOf(QueueShutDownException.class);
                return null;
            });
        }
    }
}
