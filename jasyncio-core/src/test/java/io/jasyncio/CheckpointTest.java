package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.internal.task.RealTask;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every suspending API is a checkpoint: it delivers a pending cancellation even when it could
 * complete without waiting, and it spends the cooperative budget so a hot task cannot starve the
 * loop.
 */
class CheckpointTest {

    /** Each suspending operation, in a form that would complete at once without a cancellation. */
    private static Map<String, AsyncRunnable> operations(EventLoop loop, Task<String> doneTask) {
        Map<String, AsyncRunnable> ops = new LinkedHashMap<>();
        ops.put("sleep(0)", () -> Asyncio.sleep(Duration.ZERO));
        ops.put("sleep(1s)", () -> Asyncio.sleep(Duration.ofSeconds(1)));
        ops.put("yieldNow()", Asyncio::yieldNow);
        ops.put("await of a done future", () -> {
            AsyncFuture<String> f = loop.createFuture();
            f.setResult("done");
            f.await();
        });
        ops.put("await of a done task", doneTask::await);
        ops.put("await of a completed CompletableFuture", () -> Asyncio.await(CompletableFuture.completedFuture("done")));
        ops.put("toThread", () -> Asyncio.toThread(() -> "done"));
        return ops;
    }

    @Test
    void everySuspendingApiDeliversAPendingCancelEvenWhenItNeedNotWait() {
        List<String> results = new CopyOnWriteArrayList<>();
        Loops.runVirtual(() -> {
            Task<String> doneTask = Asyncio.createTask(() -> "done");
            doneTask.await();
            for (Map.Entry<String, AsyncRunnable> op : operations(Asyncio.runningLoop(), doneTask).entrySet()) {
                Task<Void> t = Asyncio.createTask(op.getKey(), () -> {
                    Asyncio.currentTask().cancel("cancel for the checkpoint");
                    op.getValue().run();
                    results.add(op.getKey() + ": completed without delivering the cancel");
                });
                try {
                    t.await();
                } catch (CancelledError e) {
                    results.add(op.getKey() + ": " + e.getMessage());
                }
            }
            return null;
        });
        assertThat(results).containsExactly(
                "sleep(0): cancel for the checkpoint",
                "sleep(1s): cancel for the checkpoint",
                "yieldNow(): cancel for the checkpoint",
                "await of a done future: cancel for the checkpoint",
                "await of a done task: cancel for the checkpoint",
                "await of a completed CompletableFuture: cancel for the checkpoint",
                "toThread: cancel for the checkpoint");
    }

    @Nested
    class CooperativeBudget {

        @Test
        void aTaskAwaitingDoneFuturesInATightLoopLetsAnotherReadyTaskRunWithinTheBudget() {
            int ops = 1000;
            int seenByOther = Loops.runVirtual(() -> {
                EventLoop loop = Asyncio.runningLoop();
                AsyncFuture<String> done = loop.createFuture();
                done.setResult("done");
                int[] count = {0};
                Task<Void> hot = Asyncio.createTask("hot", () -> {
                    for (int i = 0; i < ops; i++) {
                        done.await();
                        count[0]++;
                    }
                });
                Task<Integer> other = Asyncio.createTask("other", () -> count[0]);
                hot.await();
                return other.await();
            });
            assertThat(seenByOther).isBetween(1, RealTask.BUDGET);
        }

        @Test
        void theBudgetRefillsWhenTheTaskReallySuspends() {
            List<Integer> seen = Loops.runVirtual(() -> {
                AsyncFuture<String> done = Asyncio.runningLoop().createFuture();
                done.setResult("done");
                int[] count = {0};
                List<Integer> l = new CopyOnWriteArrayList<>();
                Task<Void> hot = Asyncio.createTask("hot", () -> {
                    for (int i = 0; i < 3 * RealTask.BUDGET; i++) {
                        done.await();
                        count[0]++;
                    }
                });
                Task<Void> observer = Asyncio.createTask("observer", () -> {
                    for (int i = 0; i < 3; i++) {
                        l.add(count[0]);
                        Asyncio.sleep(Duration.ZERO);
                    }
                });
                hot.await();
                observer.await();
                return l;
            });
            // the hot task yields once per budget, never more often
            int b = RealTask.BUDGET;
            assertThat(seen).containsExactly(b - 1, 2 * b - 1, 3 * b - 1);
        }
    }

    @Test
    void aCancelledTaskThatKeepsAwaitingDoneFuturesIsInterruptedAtTheFirstOne() {
        Loops.runVirtual(() -> {
            AsyncFuture<String> done = Asyncio.runningLoop().createFuture();
            done.setResult("done");
            int[] count = {0};
            Task<Void> hot = Asyncio.createTask("hot", () -> {
                while (true) {
                    done.await();
                    count[0]++;
                }
            });
            Asyncio.sleep(Duration.ZERO);
            int before = count[0];
            hot.cancel("stop");
            assertThatThrownBy(hot::await).isInstanceOf(CancelledError.class).hasMessage("stop");
            assertThat(count[0]).isEqualTo(before);
            return null;
        });
    }
}
