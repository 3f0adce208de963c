package io.jasyncio.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.TaskGroup;
import io.jasyncio.testing.TestScheduler;
import io.jasyncio.testing.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The happy path: what a test annotated with {@link AsyncTest} gets. */
class AsyncTestTest {

    @AsyncTest
    void runsAsTheMainTaskOfTheLoopItIsGiven(EventLoop loop) {
        assertThat(Asyncio.runningLoop()).isSameAs(loop);
        assertThat(Asyncio.currentTask().name()).isEqualTo("runsAsTheMainTaskOfTheLoopItIsGiven");
        assertThat(loop.isDebug()).isTrue();
    }

    @AsyncTest
    void anHourOfSleepTakesNoRealTime(EventLoop loop, VirtualClock clock) {
        long start = System.nanoTime();
        Asyncio.sleep(Duration.ofHours(1));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(loop.time()).isEqualTo(Duration.ofHours(1).toNanos());
        assertThat(clock.nanoTime()).isEqualTo(loop.time());
    }

    @AsyncTest(clock = AsyncTest.ClockKind.REAL)
    void onTheRealClockSleepTakesRealTime() {
        long start = System.nanoTime();
        Asyncio.sleep(Duration.ofMillis(20));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(20));
    }

    @AsyncTest
    void theSchedulerStopsTheTestBetweenSteps(TestScheduler scheduler) {
        List<String> seen = new ArrayList<>();
        var ticker = Asyncio.createTask(() -> {
            for (int i = 1; i <= 3; i++) {
                seen.add("tick " + i);
                Asyncio.sleep(Duration.ofSeconds(1));
            }
            return null;
        });
        scheduler.runCurrent();
        assertThat(seen).containsExactly("tick 1");
        scheduler.advanceTimeBy(Duration.ofMillis(1500));
        assertThat(seen).containsExactly("tick 1", "tick 2");
        scheduler.advanceUntilIdle();
        assertThat(seen).containsExactly("tick 1", "tick 2", "tick 3");
        assertThat(ticker.isDone()).isTrue();
    }

    /** The child still sleeps when the method returns: were the group not awaited, PENDING_TASKS would fail this. */
    @AsyncTest
    void aTaskGroupParameterIsAwaitedAfterTheMethodReturns(TaskGroup tg, EventLoop loop) {
        tg.createTask("child", () -> {
            Asyncio.sleep(Duration.ofMinutes(5));
            return null;
        });
        assertThat(Asyncio.runningLoop()).isSameAs(loop);
    }

    @AsyncTest
    @SkipCheck(value = Check.PENDING_TASKS, reason = "this test shows that a skipped check lets the task stay")
    void aSkippedCheckLetsTheTestLeaveThatBehind() {
        Asyncio.createTask(() -> {
            Asyncio.sleep(Duration.ofDays(1));
            return null;
        });
    }
}
