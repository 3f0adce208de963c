package io.jasyncio.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.AsyncTimeoutException;
import io.jasyncio.Asyncio;
import io.jasyncio.LoopOptions;
import io.jasyncio.Task;
import io.jasyncio.sync.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestSchedulerTest {
    private final VirtualClock clock = new VirtualClock();
    private final TestScheduler scheduler = new TestScheduler(clock);

    private <T> T run(io.jasyncio.AsyncCallable<T> main) {
        return Asyncio.run(LoopOptions.defaults().withClock(clock), main);
    }

    @Test
    void runCurrentRunsWhatIsReadyNowAndLeavesTheClockAlone() {
        List<String> seen = new ArrayList<>();
        run(() -> {
            Task<?> t = Asyncio.createTask(() -> {
                seen.add("a");
                Asyncio.yieldNow();
                seen.add("b");
                Asyncio.sleep(Duration.ofSeconds(1));
                seen.add("c");
                return null;
            });
            scheduler.runCurrent();
            assertThat(seen).containsExactly("a", "b");
            assertThat(Asyncio.runningLoop().time()).isZero();
            t.await();
            return null;
        });
    }

    @Test
    void advanceTimeByFiresTheTimersUpToTheTargetAndStopsThere() {
        List<String> seen = new ArrayList<>();
        run(() -> {
            Task<?> t = Asyncio.createTask(() -> {
                Asyncio.sleep(Duration.ofSeconds(1));
                seen.add("1s");
                Asyncio.sleep(Duration.ofSeconds(1));
                seen.add("2s");
                return null;
            });
            scheduler.advanceTimeBy(Duration.ofMillis(1500));
            assertThat(seen).containsExactly("1s");
            assertThat(Asyncio.runningLoop().time()).isEqualTo(Duration.ofMillis(1500).toNanos());
            t.await();
            return null;
        });
    }

    @Test
    void advanceUntilIdleRunsEveryTimerAndReturnsWhenOnlyWaitersWithoutTimersAreLeft() {
        List<String> seen = new ArrayList<>();
        run(() -> {
            Event never = new Event();
            Task<?> waiter = Asyncio.createTask(() -> {
                never.await();
                return null;
            });
            Task<?> t = Asyncio.createTask(() -> {
                Asyncio.sleep(Duration.ofMinutes(1));
                seen.add("1m");
                Asyncio.sleep(Duration.ofHours(1));
                seen.add("1h1m");
                return null;
            });
            scheduler.advanceUntilIdle();
            assertThat(seen).containsExactly("1m", "1h1m");
            assertThat(t.isDone()).isTrue();
            assertThat(waiter.isDone()).isFalse();
            assertThat(Asyncio.runningLoop().time()).isEqualTo(Duration.ofMinutes(61).toNanos());
            waiter.cancel();
            return null;
        });
    }

    @Test
    void aWaitCancelledByItsTimeoutLeavesTheClockJumpingAsBefore() {
        run(() -> {
            Task<?> ticker = Asyncio.createTask(() -> {
                while (true) {
                    Asyncio.sleep(Duration.ofSeconds(1));
                }
            });
            assertThatThrownBy(() -> Asyncio.timeout(Duration.ofSeconds(10), () -> {
                scheduler.advanceUntilIdle();
                return null;
            })).isInstanceOf(AsyncTimeoutException.class);
            ticker.cancel();
            Asyncio.sleep(Duration.ofHours(1));
            assertThat(Asyncio.runningLoop().time()).isEqualTo(Duration.ofSeconds(3610).toNanos());
            return null;
        });
    }

    @Test
    void aSchedulerOfAnotherClockIsRefusedWithWhatToDo() {
        TestScheduler other = new TestScheduler(new VirtualClock());
        run(() -> {
            assertThatThrownBy(other::runCurrent).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("does not run on this clock");
            return null;
        });
    }

    @Test
    void advanceTimeByRefusesANegativeDelay() {
        run(() -> {
            assertThatThrownBy(() -> scheduler.advanceTimeBy(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot go back");
            return null;
        });
    }
}
