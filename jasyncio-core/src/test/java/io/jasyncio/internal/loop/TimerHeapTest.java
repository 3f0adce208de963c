package io.jasyncio.internal.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The timer heap: (deadline, scheduling order) order, lazy removal, rebuild when mostly cancelled. */
class TimerHeapTest {

    private long seq;

    private Callback timer(long when) {
        Callback c = new Callback(null, () -> { }, null);
        c.when = when;
        c.seq = seq++;
        return c;
    }

    private static List<Callback> drain(TimerHeap heap) {
        List<Callback> out = new ArrayList<>();
        Callback c;
        while ((c = heap.poll()) != null) {
            out.add(c);
        }
        return out;
    }

    @Nested
    class Order {

        @Test
        void timersComeOutByDeadlineThenSchedulingOrder() {
            TimerHeap heap = new TimerHeap();
            List<Callback> all = new ArrayList<>();
            Random r = new Random(42);
            for (int i = 0; i < 1000; i++) {
                // few distinct deadlines, so most timers tie with others
                all.add(timer(r.nextInt(20)));
            }
            List<Callback> shuffled = new ArrayList<>(all);
            Collections.shuffle(shuffled, r);
            for (Callback c : shuffled) {
                heap.add(c);
            }
            List<Callback> expected = new ArrayList<>(all);
            expected.sort((a, b) -> a.when != b.when ? Long.compare(a.when, b.when) : Long.compare(a.seq, b.seq));
            assertThat(drain(heap)).containsExactlyElementsOf(expected);
            assertThat(heap.isEmpty()).isTrue();
        }
    }

    @Nested
    class Cancellation {

        @Test
        void cancelledTimersStayUntilPolledWhileFewAreCancelled() {
            TimerHeap heap = new TimerHeap();
            List<Callback> all = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                Callback c = timer(i);
                all.add(c);
                heap.add(c);
            }
            for (int i = 0; i < 10; i++) {
                all.get(i * 10).cancel();
                heap.cancelled(all.get(i * 10));
            }
            assertThat(heap.size()).isEqualTo(100);
            assertThat(drain(heap)).filteredOn(c -> !c.isCancelled()).hasSize(90);
        }

        @Test
        void theHeapIsRebuiltWhenMostTimersAreCancelledAndKeepsItsOrder() {
            TimerHeap heap = new TimerHeap();
            List<Callback> all = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                Callback c = timer(1000 - i);
                all.add(c);
                heap.add(c);
            }
            List<Callback> kept = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                Callback c = all.get(i);
                if (i % 5 < 3) {
                    c.cancel();
                    heap.cancelled(c);
                } else {
                    kept.add(c);
                }
            }
            // 600 cancelled: the rebuild dropped at least the first half of them
            assertThat(heap.size()).isLessThan(500);
            kept.sort((a, b) -> Long.compare(a.when, b.when));
            assertThat(drain(heap)).filteredOn(c -> !c.isCancelled()).containsExactlyElementsOf(kept);
        }

        @Test
        void timersCancelledFromAnotherThreadAndPolledBeforeTheLoopHearsOfItDoNotSkewTheCount() {
            TimerHeap heap = new TimerHeap();
            List<Callback> all = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                Callback c = timer(i);
                all.add(c);
                heap.add(c);
            }
            // cancelled on another thread: the flag is set, the loop's notice is still in its inbox
            for (int i = 0; i < 10; i++) {
                all.get(i).cancel();
            }
            for (int i = 0; i < 10; i++) {
                assertThat(heap.poll()).isSameAs(all.get(i));
                // the notice arrives after the timer left the heap
                heap.cancelled(all.get(i));
            }
            // now 46 of the 90 left are cancelled: more than half, so the heap must be rebuilt
            for (int i = 10; i < 56; i++) {
                all.get(i).cancel();
                heap.cancelled(all.get(i));
            }
            assertThat(heap.size()).isEqualTo(44);
        }
    }
}
