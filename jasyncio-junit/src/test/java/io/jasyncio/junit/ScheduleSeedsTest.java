package io.jasyncio.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.jasyncio.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/** {@code @AsyncTest(scheduleSeeds = n)}: one run per engine and seed, each named by both. */
class ScheduleSeedsTest {

    @Test
    void eachSeedRunsAsATestNamedByItsEngineAndSeed() {
        Events events = LeakChecksTest.run(Seeded.class);
        assertThat(events.failed().stream().map(e -> e.getPayload(TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow()).toList()).isEmpty();
        assertThat(events.succeeded().stream().map(Event::getTestDescriptor).map(d -> d.getDisplayName()).toList())
                .containsExactly("loop engine, schedule seed 1", "loop engine, schedule seed 2",
                        "loop engine, schedule seed 3", "portable engine, schedule seed 1",
                        "portable engine, schedule seed 2", "portable engine, schedule seed 3");
    }

    @Test
    void aNegativeCountIsRefused() {
        Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(Negative.class)).execute()
                .allEvents();
        assertThat(events.failed().stream().map(e -> e.getPayload(TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow().getMessage()))
                .anySatisfy(m -> assertThat(m).contains("scheduleSeeds = -1").contains("positive count of seeds"));
    }

    static class Seeded {
        @AsyncTest(engines = AsyncTest.Engines.BOTH, scheduleSeeds = 3)
        void runsOnALoopWithTheSeedItIsNamedAfter(EventLoop loop, TestInfo info) {
            String seed = info.getDisplayName().substring(info.getDisplayName().lastIndexOf(' ') + 1);
            assertThat(loop.toString()).contains("scheduleSeed=" + seed);
        }
    }

    static class Negative {
        @AsyncTest(scheduleSeeds = -1)
        void neverRuns() {
        }
    }

}
