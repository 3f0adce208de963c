package io.jasyncio.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.jasyncio.EventLoop;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/** One run per engine, each named by its engine and really on it. */
class EnginesTest {

    private static List<String> passedRuns(Events events) {
        assertThat(events.failed().stream().map(e -> e.getPayload(TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow()).toList()).isEmpty();
        return events.succeeded().stream().map(Event::getTestDescriptor).map(d -> d.getDisplayName()).toList();
    }

    @Test
    void bothRunsTheTestOncePerEngineNamedByIt() {
        assertThat(passedRuns(LeakChecksTest.run(OnBoth.class))).containsExactly("loop engine", "portable engine");
    }

    @Test
    void theConfigurationParameterRunsADefaultTestOnBothEngines() {
        assertThat(passedRuns(LeakChecksTest.run(OnDefault.class, AsyncTestExtension.ENGINES_PROPERTY, "both")))
                .containsExactly("loop engine", "portable engine");
    }

    @Test
    void theConfigurationParameterCanPickOneEngine() {
        assertThat(passedRuns(LeakChecksTest.run(OnDefault.class, AsyncTestExtension.ENGINES_PROPERTY, "portable")))
                .containsExactly("portable engine");
    }

    @Test
    void anUnknownEngineChoiceIsRefusedWithTheChoices() {
        Events all = EngineTestKit.engine("junit-jupiter").selectors(selectClass(OnDefault.class))
                .configurationParameter(AsyncTestExtension.ENGINES_PROPERTY, "fast").execute().allEvents();
        assertThat(all.failed().stream().map(e -> e.getPayload(TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow().getMessage()))
                .anySatisfy(m -> assertThat(m).contains("is not an engine choice: use both, loop or portable"));
    }

    static class OnBoth {
        @AsyncTest(engines = AsyncTest.Engines.BOTH)
        void runsOnTheEngineItIsNamedAfter(EventLoop loop, TestInfo info) {
            assertThat(info.getDisplayName()).isEqualTo(loop.engine().name().toLowerCase(Locale.ROOT) + " engine");
        }
    }

    static class OnDefault {
        @AsyncTest
        void runsOnTheEngineItIsNamedAfter(EventLoop loop, TestInfo info) {
            assertThat(info.getDisplayName()).isEqualTo(loop.engine().name().toLowerCase(Locale.ROOT) + " engine");
        }
    }
}
