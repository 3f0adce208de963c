package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.testing.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Debug mode reports a task that swallows its cancellation and keeps going. */
class SwallowedCancellationTest {

    static List<ExceptionContext> run(boolean debug, AsyncCallable<Object> main) {
        List<ExceptionContext> reports = new ArrayList<>();
        Asyncio.run(LoopOptions.defaults().withClock(new VirtualClock()).withDebug(debug), () -> {
            Asyncio.runningLoop().setExceptionHandler((l, c) -> reports.add(c));
            return main.call();
        });
        return reports;
    }

    static Void swallowingLoop() {
        for (int i = 0; i < 30; i++) {
            try {
                Asyncio.sleep(Duration.ofMillis(100));
            } catch (CancelledError e) {
                // swallowed: keeps going
            }
        }
        return null;
    }

    @Test
    void aTaskThatKeepsRunningLongAfterItsCancellationIsReportedWithWhereItWasDelivered() {
        List<ExceptionContext> reports = run(true, () -> {
            Task<Void> t = Asyncio.createTask("stubborn", SwallowedCancellationTest::swallowingLoop);
            Asyncio.sleep(Duration.ofMillis(50));
            t.cancel();
            t.await();
            return null;
        });
        assertThat(reports).hasSize(2);
        assertThat(reports.get(0).message()).contains("Task 'stubborn' is still running more than 1 s after its CancelledError");
        assertThat(reports.get(0).exception()).isInstanceOf(CancelledError.class);
        assertThat(reports.get(0).exception().getStackTrace())
                .anySatisfy(f -> assertThat(f.getMethodName()).isEqualTo("swallowingLoop"));
        assertThat(reports.get(1).message()).contains("Task 'stubborn' caught its CancelledError and returned normally");
        assertThat(reports.get(1).task().name()).isEqualTo("stubborn");
    }

    @Test
    void uncancelMarksItIntendedAndNothingIsReported() {
        List<ExceptionContext> reports = run(true, () -> {
            Task<Void> t = Asyncio.createTask("deliberate", () -> {
                try {
                    Asyncio.sleep(Duration.ofHours(1));
                } catch (CancelledError e) {
                    Asyncio.currentTask().uncancel();
                }
                Asyncio.sleep(Duration.ofSeconds(5));
                return null;
            });
            Asyncio.sleep(Duration.ofMillis(1));
            t.cancel();
            t.await();
            return null;
        });
        assertThat(reports).isEmpty();
    }

    @Test
    void cleanupThatRethrowsIsNotReported() {
        List<ExceptionContext> reports = run(true, () -> {
            Task<Void> t = Asyncio.createTask("tidy", () -> {
                try {
                    Asyncio.sleep(Duration.ofHours(1));
                } catch (CancelledError e) {
                    Asyncio.sleep(Duration.ofMillis(200));
                    throw e;
                }
                return null;
            });
            Asyncio.sleep(Duration.ofMillis(1));
            t.cancel();
            try {
                t.await();
            } catch (CancelledError expected) {
                // the task was cancelled
            }
            return null;
        });
        assertThat(reports).isEmpty();
    }

    @Test
    void nothingIsReportedOutsideDebugMode() {
        List<ExceptionContext> reports = run(false, () -> {
            Task<Void> t = Asyncio.createTask("stubborn", SwallowedCancellationTest::swallowingLoop);
            Asyncio.sleep(Duration.ofMillis(50));
            t.cancel();
            t.await();
            return null;
        });
        assertThat(reports).isEmpty();
    }
}
