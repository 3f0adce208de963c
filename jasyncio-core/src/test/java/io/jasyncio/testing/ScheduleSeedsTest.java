package io.jasyncio.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.LoopOptions;
import io.jasyncio.Task;
import io.jasyncio.sync.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleSeedsTest {

    /** Two waiters woken by two different tasks in one iteration; the test expects the plain order. */
    private static void reliesOnAnAccidentalOrder(long seed) {
        List<String> woke = new ArrayList<>();
        Asyncio.run(LoopOptions.defaults().withClock(new VirtualClock()).withScheduleSeed(seed), () -> {
            List<Task<?>> tasks = new ArrayList<>();
            for (String name : List.of("first", "second")) {
                Event e = new Event();
                tasks.add(Asyncio.createTask(() -> {
                    e.await();
                    woke.add(name);
                    return null;
                }));
                tasks.add(Asyncio.createTask(() -> {
                    Asyncio.yieldNow();
                    e.set();
                    return null;
                }));
            }
            for (Task<?> t : tasks) {
                t.await();
            }
            return null;
        });
        assertThat(woke).containsExactly("first", "second");
    }

    @Test
    void aTestThatReliesOnAnAccidentalOrderFailsAndTheFailureNamesTheSeedToReplay() {
        List<Long> tried = new ArrayList<>();
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> ScheduleSeeds.explore(100, seed -> {
            tried.add(seed);
            reliesOnAnAccidentalOrder(seed);
        }));
        long failed = tried.getLast();
        assertThat(failure).isInstanceOf(AssertionError.class)
                .hasMessageContaining("schedule seed " + failed + " failed")
                .hasMessageContaining("-Djasyncio.schedule.seed=" + failed)
                .hasMessageContaining("LoopOptions.withScheduleSeed(" + failed + "L)")
                .cause().hasMessageContaining("first");
        assertThat(tried).as("stops at the first failing seed").startsWith(1L, 2L).hasSizeLessThan(100);
        // the seed replays the failure
        assertThatThrownBy(() -> reliesOnAnAccidentalOrder(failed)).isInstanceOf(AssertionError.class);
    }

    @Test
    void exploreRunsSeedsOneToCount() {
        List<Long> seen = new ArrayList<>();
        ScheduleSeeds.explore(5, seen::add);
        assertThat(seen).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void aCountThatIsNotPositiveSaysSo() {
        assertThatThrownBy(() -> ScheduleSeeds.explore(0, seed -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be positive, got 0");
    }
}
