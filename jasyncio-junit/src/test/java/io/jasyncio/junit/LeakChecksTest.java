package io.jasyncio.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.jasyncio.Asyncio;
import io.jasyncio.TaskGroup;
import io.jasyncio.streams.Server;
import io.jasyncio.streams.Streams;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Each check fails a test that leaves its leak behind, on both engines, names it, and can be turned off. The
 * leaking tests are the nested classes below, run through JUnit's test kit (surefire skips
 * nested classes, so they never run on their own).
 */
class LeakChecksTest {

    static Events run(Class<?> fixture, String... config) {
        var kit = EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture));
        for (int i = 0; i < config.length; i += 2) {
            kit = kit.configurationParameter(config[i], config[i + 1]);
        }
        return kit.execute().testEvents();
    }

    /**
     * Runs the one test of {@code fixture} on both engines and checks how each run failed; the
     * runs that must fail.
     */
    static void assertEachRunFails(Class<?> fixture, Consumer<Throwable> failure) {
        Events events = run(fixture, AsyncTestExtension.ENGINES_PROPERTY, "both");
        List<Throwable> failures = events.failed().stream().map(e -> e.getPayload(TestExecutionResult.class)
                .orElseThrow().getThrowable().orElseThrow()).toList();
        assertThat(failures).as("failed runs of " + fixture.getSimpleName()).hasSize(2).allSatisfy(failure::accept);
    }

    static void assertPasses(Class<?> fixture) {
        Events events = run(fixture, AsyncTestExtension.ENGINES_PROPERTY, "both");
        List<Throwable> failures = events.failed().stream()
                .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow()).toList();
        assertThat(failures).isEmpty();
        assertThat(events.succeeded().count()).isEqualTo(2);
    }

    @Test
    void aTaskLeftPendingFailsTheTestWithItsNameAndStack() {
        assertEachRunFails(LeavesATask.class, t -> assertThat(t).isInstanceOf(AssertionError.class)
                .hasMessageContaining("leavesATaskRunning left 1 problem behind")
                .hasMessageContaining("PENDING_TASKS: Task[forgotten")
                .hasMessageContaining("suspended at:")
                .hasMessageContaining("suspended at:\n    at io.jasyncio.Asyncio.sleep"));
    }

    @Test
    void aFailureNeverRetrievedFailsTheTestWithTheFailure() {
        assertEachRunFails(LeavesAFailure.class, t -> {
            assertThat(t).hasMessageContaining("UNRETRIEVED_FAILURES: Task exception was never retrieved")
                    .hasMessageContaining("doomed").hasMessageContaining("boom");
            assertThat(t.getSuppressed()).anySatisfy(s -> assertThat(s).hasMessage("boom"));
        });
    }

    @Test
    void aResourceLeftOpenFailsTheTestWithTheStackWhereItWasOpened() {
        assertEachRunFails(LeavesAServer.class, t -> assertThat(t)
                .hasMessageContaining("OPEN_RESOURCES: ")
                .hasMessageContaining("was never closed")
                .hasMessageContaining("opened at:")
                .hasMessageContaining("opened at:\n    at io.jasyncio.streams.Streams.startServer")
                .hasMessageContaining("LeavesAServer.leavesAServerOpen"));
    }

    @Test
    void aStepHoldingTheLoopPastTheThresholdFailsTheTestWithItsStack() {
        assertEachRunFails(HoldsTheLoop.class, t -> assertThat(t)
                .hasMessageContaining("SLOW_STEPS: Executing task 'holdsTheLoop'")
                .hasMessageContaining("HoldsTheLoop.holdsTheLoop"));
    }

    @Test
    void everyCheckCanBeTurnedOffWithAReason() {
        assertPasses(LeavesEverythingWithLeave.class);
    }

    @Test
    void aSkipWithoutAReasonIsRefused() {
        assertEachRunFails(SkipsWithoutReason.class, t -> assertThat(t).hasMessageContaining("has no reason"));
    }

    @Test
    void aTestThatFailsKeepsItsFailureAndCarriesTheLeaksAsSuppressed() {
        assertEachRunFails(FailsAndLeaks.class, t -> {
            assertThat(t).hasMessage("the test's own failure");
            assertThat(t.getSuppressed()).anySatisfy(s -> assertThat(s).hasMessageContaining("PENDING_TASKS"));
        });
    }

    @Test
    void aFailureInsideTheTaskGroupParameterIsReportedAsThrown() {
        assertEachRunFails(FailsInAGroup.class, t -> assertThat(t).isInstanceOf(AssertionError.class)
                .hasMessage("inside the group"));
    }

    @Test
    void aTestThatLeavesNothingPasses() {
        assertPasses(CleansUp.class);
    }

    // ---------------------------------------------------------------- fixtures

    static class LeavesATask {
        @AsyncTest
        void leavesATaskRunning() {
            Asyncio.createTask("forgotten", () -> {
                Asyncio.sleep(Duration.ofHours(1));
                return null;
            });
            Asyncio.yieldNow();
        }
    }

    static class LeavesAFailure {
        @AsyncTest
        void failsInATaskNobodyAwaits() {
            Asyncio.createTask("doomed", () -> {
                throw new IllegalStateException("boom");
            });
            Asyncio.sleep(Duration.ofSeconds(1));
        }
    }

    static class LeavesAServer {
        @AsyncTest
        void leavesAServerOpen() throws Exception {
            Streams.startServer(c -> c.close(), "127.0.0.1", 0);
        }
    }

    static class HoldsTheLoop {
        @AsyncTest(slowStepMillis = 20)
        void holdsTheLoop() {
            // long past the threshold, so the watchdog (every 50 ms) sees the step while it runs
            spin(Duration.ofMillis(600));
        }
    }

    static void spin(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @SkipCheck(value = Check.PENDING_TASKS, reason = "shows the skip")
    @SkipCheck(value = Check.UNRETRIEVED_FAILURES, reason = "shows the skip")
    @SkipCheck(value = Check.OPEN_RESOURCES, reason = "shows the skip")
    @SkipCheck(value = Check.SLOW_STEPS, reason = "shows the skip")
    static class LeavesEverythingWithLeave {
        @AsyncTest(slowStepMillis = 20)
        void leavesEverything() throws Exception {
            Asyncio.createTask("forgotten", () -> {
                Asyncio.sleep(Duration.ofHours(1));
                return null;
            });
            Asyncio.createTask("doomed", () -> {
                throw new IllegalStateException("boom");
            });
            Server s = Streams.startServer(c -> c.close(), "127.0.0.1", 0);
            assertThat(s.isServing()).isTrue();
            spin(Duration.ofMillis(100));
            Asyncio.sleep(Duration.ofSeconds(1));
        }
    }

    static class SkipsWithoutReason {
        @AsyncTest
        @SkipCheck(value = Check.PENDING_TASKS, reason = " ")
        void skipsWithoutReason() {
        }
    }

    static class FailsAndLeaks {
        @AsyncTest
        void failsAndLeaks() {
            Asyncio.createTask("forgotten", () -> {
                Asyncio.sleep(Duration.ofHours(1));
                return null;
            });
            throw new AssertionError("the test's own failure");
        }
    }

    static class FailsInAGroup {
        @AsyncTest
        void failsInAGroup(TaskGroup tg) {
            tg.createTask("child", () -> {
                Asyncio.sleep(Duration.ofSeconds(1));
                return null;
            });
            throw new AssertionError("inside the group");
        }
    }

    static class CleansUp {
        @AsyncTest
        void cleansUp() throws Exception {
            try (Server s = Streams.startServer(c -> c.close(), "127.0.0.1", 0)) {
                var t = Asyncio.createTask(() -> {
                    Asyncio.sleep(Duration.ofSeconds(1));
                    return 42;
                });
                assertThat(t.await()).isEqualTo(42);
                assertThat(s.isServing()).isTrue();
            }
        }
    }
}
