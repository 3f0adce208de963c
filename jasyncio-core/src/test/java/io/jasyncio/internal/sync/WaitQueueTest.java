package io.jasyncio.internal.sync;

import static io.jasyncio.Settle.settle;
import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Loops;
import io.jasyncio.Task;
import io.jasyncio.internal.task.RealTask;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parking queue on its own, with an owner that records what it is given back. */
class WaitQueueTest {
    private final List<String> refused = new ArrayList<>();
    private final WaitQueue q = new WaitQueue(w -> refused.add(w.task().name()), "test");

    private Task<Object> parker(String name) {
        return Asyncio.createTask(name, () -> q.park(RealTask.current(), name));
    }

    @Test
    void releasesInArrivalOrderWithTheGrantedValue() {
        List<Object> got = Loops.runVirtual(() -> {
            Task<Object> a = parker("a");
            Task<Object> b = parker("b");
            settle();
            assertThat(q.size()).isEqualTo(2);
            assertThat(q.first().value()).isEqualTo("a");   // the offer
            q.grantFirst("for a");
            q.completeFirst("for b");
            return List.of(a.await(), b.await(), q.isEmpty());
        });
        assertThat(got).containsExactly("for a", "for b", true);
    }

    @Test
    void cancelledWaiterIsUnlinkedAndTheNextBecomesHead() {
        Loops.runVirtual(() -> {
            Task<Object> a = parker("a");
            Task<Object> b = parker("b");
            settle();
            a.cancel();
            settle();
            assertThat(a.isCancelled()).isTrue();
            assertThat(q.size()).isEqualTo(1);
            assertThat(q.first().task()).isSameAs(b);   // W1
            q.grantFirst(null);
            b.await();
            assertThat(refused).isEmpty();
            return null;
        });
    }

    @Test
    void wokenThenCancelledPassesWakeupOn() {
        Loops.runVirtual(() -> {
            Task<Object> a = parker("a");
            settle();
            q.grantFirst(null);
            a.cancel();
            settle();
            assertThat(a.isCancelled()).isTrue();
            assertThat(refused).containsExactly("a");   // W2: the owner got the grant back
            return null;
        });
    }

    @Test
    void completedThenCancelledReturnsTheValueAndRaisesAtTheNextCheckpoint() {
        Loops.runVirtual(() -> {
            Object[] got = new Object[1];
            Task<Void> a = Asyncio.createTask("a", () -> {
                got[0] = q.park(RealTask.current(), null);
                Asyncio.yieldNow();
                return null;
            });
            settle();
            q.completeFirst("item");
            a.cancel();
            settle();
            assertThat(got[0]).isEqualTo("item");
            assertThat(a.isCancelled()).isTrue();
            assertThat(refused).isEmpty();
            return null;
        });
    }

    @Test
    void uncancellableWaiterKeepsWaitingAndRaisesAfterItsGrant() {
        Loops.runVirtual(() -> {
            Task<Object> a = Asyncio.createTask("a", () -> {
                Object v = q.parkUncancellable(RealTask.current());
                RealTask.current().checkCancel();
                return v;
            });
            settle();
            a.cancel();
            settle();
            assertThat(a.isDone()).isFalse();
            q.grantFirst("x");
            settle();
            assertThat(a.isCancelled()).isTrue();
            assertThat(refused).isEmpty();
            return null;
        });
    }

    @Test
    void failAllWakesEveryWaiterWithTheFailure() {
        Loops.runVirtual(() -> {
            Task<Object> a = parker("a");
            Task<Object> b = parker("b");
            settle();
            q.failAll(new IllegalStateException("closed"));
            settle();
            assertThat(a.exception()).hasMessage("closed");
            assertThat(b.exception()).hasMessage("closed");
            assertThat(q.toString()).isEqualTo("WaitQueue[test, waiters=0]");
            return null;
        });
    }

    @Test
    void failWhereWakesOnlyTheWaitersOfItsKeyAndKeepsTheOthersInOrder() {
        List<Object> got = Loops.runVirtual(() -> {
            Object k1 = new Object();
            Object k2 = new Object();
            Task<Object> a = Asyncio.createTask("a", () -> q.parkVia(RealTask.current(), null, k1));
            Task<Object> b = Asyncio.createTask("b", () -> q.parkVia(RealTask.current(), null, k2));
            Task<Object> c = Asyncio.createTask("c", () -> q.parkVia(RealTask.current(), null, k1));
            Task<Object> d = Asyncio.createTask("d", () -> q.parkVia(RealTask.current(), null, k2));
            settle();
            q.failWhere(k1, new IllegalStateException("end closed"));
            assertThat(q.size()).isEqualTo(2);
            q.grantFirst("first");
            q.grantFirst("second");
            settle();
            assertThat(a.exception()).hasMessage("end closed");
            assertThat(c.exception()).hasMessage("end closed");
            return List.of(b.result(), d.result());
        });
        assertThat(got).containsExactly("first", "second");
    }

    @Test
    void awaitingTaskShowsWhatItWaitsOn() {
        Loops.runVirtual(() -> {
            Task<Object> a = parker("a");
            settle();
            assertThat(a.toString()).contains("awaiting test");
            a.cancel();
            try {
                a.await();
            } catch (CancelledError expected) {
                // a's own cancellation
            }
            return null;
        });
    }
}
