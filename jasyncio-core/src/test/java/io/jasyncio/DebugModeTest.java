package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Debug mode reports steps that hold the loop too long. Inherently real-time: the spin is far
 * longer than the threshold plus the watchdog's period, so a loaded machine cannot make it flaky.
 */
class DebugModeTest {

    private static final Duration THRESHOLD = Duration.ofMillis(20);

    /** Holds the loop by busy-spinning: the method the report's stack must show. */
    private static void spinFor(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    private static List<ExceptionContext> runSpinner(boolean debug, Duration spin) {
        List<ExceptionContext> reports = new CopyOnWriteArrayList<>();
        LoopOptions opts = LoopOptions.defaults().withDebug(debug).withSlowCallbackThreshold(THRESHOLD);
        Asyncio.run(opts, () -> {
            Asyncio.runningLoop().setExceptionHandler((l, c) -> reports.add(c));
            Asyncio.createTask("spinner", () -> spinFor(spin)).await();
            return null;
        });
        return reports;
    }

    @Test
    void aTaskStepHoldingTheLoopPastTheThresholdIsReportedWithTheTaskNameAndItsStack() {
        List<ExceptionContext> reports = runSpinner(true, Duration.ofMillis(400));
        assertThat(reports).singleElement().satisfies(c -> {
            assertThat(c.message()).startsWith("Executing task 'spinner' took ")
                    .contains("(debug threshold 0.020 s)")
                    .endsWith("it was running at the stack below");
            assertThat(c.task().name()).isEqualTo("spinner");
            assertThat(c.exception().getStackTrace())
                    .anyMatch(f -> f.getMethodName().equals("spinFor")
                            && f.getClassName().equals(DebugModeTest.class.getName()));
        });
    }

    /**
     * Issue 8, item 17: on the loop engine the step that resumes a task after a blocking JDK call
     * (here {@code Thread.sleep}) is queued by the JDK, not by jasyncio; the report must still
     * name the task and show the task's stack, not the JDK's continuation and the driver's stack.
     */
    @Test
    void aTaskResumedAfterABlockingJdkCallIsReportedWithItsNameAndItsStack() {
        List<ExceptionContext> reports = new CopyOnWriteArrayList<>();
        LoopOptions opts = LoopOptions.defaults().withDebug(true).withSlowCallbackThreshold(THRESHOLD);
        Asyncio.run(opts, () -> {
            Asyncio.runningLoop().setExceptionHandler((l, c) -> reports.add(c));
            Asyncio.createTask("sleeper", () -> {
                Thread.sleep(1);
                spinFor(Duration.ofMillis(400));
                return null;
            }).await();
            return null;
        });
        assertThat(reports).singleElement().satisfies(c -> {
            assertThat(c.message()).startsWith("Executing task 'sleeper' took ")
                    .endsWith("it was running at the stack below");
            assertThat(c.task().name()).isEqualTo("sleeper");
            assertThat(c.exception().getStackTrace())
                    .anyMatch(f -> f.getMethodName().equals("spinFor")
                            && f.getClassName().equals(DebugModeTest.class.getName()));
        });
    }

    @Test
    void aSlowPlainCallbackIsReportedToo() {
        List<ExceptionContext> reports = new CopyOnWriteArrayList<>();
        try (EventLoop loop = Asyncio.newEventLoop(LoopOptions.defaults().withDebug(true)
                .withSlowCallbackThreshold(THRESHOLD))) {
            loop.setExceptionHandler((l, c) -> reports.add(c));
            loop.callSoon(() -> spinFor(Duration.ofMillis(400)));
            loop.callSoon(loop::stop);
            loop.runForever();
        }
        assertThat(reports).singleElement().satisfies(c -> {
            assertThat(c.message()).startsWith("Executing callback Handle[");
            assertThat(c.handle()).isNotNull();
            assertThat(c.exception().getStackTrace()).anyMatch(f -> f.getMethodName().equals("spinFor"));
        });
    }

    @Test
    void nothingIsReportedWhenDebugModeIsOff() {
        assertThat(runSpinner(false, Duration.ofMillis(60))).isEmpty();
    }

    @Test
    void debugModeCanBeSwitchedOnAndOff() {
        try (EventLoop loop = Asyncio.newEventLoop(Loops.virtual())) {
            assertThat(loop.isDebug()).isFalse();
            loop.setDebug(true);
            assertThat(loop.isDebug()).isTrue();
            loop.setDebug(false);
            assertThat(loop.isDebug()).isFalse();
        }
    }
}
