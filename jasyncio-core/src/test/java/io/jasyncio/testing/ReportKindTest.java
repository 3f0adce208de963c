package io.jasyncio.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.ExceptionContext;
import io.jasyncio.LoopOptions;
import io.jasyncio.streams.Streams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each kind is produced by the loop for real, so a reworded report fails here, not in users' harnesses. */
class ReportKindTest {
    private final List<ExceptionContext> reports = new ArrayList<>();

    private EventLoop loop(boolean debug) {
        EventLoop loop = Asyncio.newEventLoop(LoopOptions.defaults().withClock(new VirtualClock()).withDebug(debug)
                .withSlowCallbackThreshold(Duration.ofMillis(1)));
        loop.setExceptionHandler((l, c) -> reports.add(c));
        return loop;
    }

    private List<ReportKind> kinds() {
        return reports.stream().map(ReportKind::of).toList();
    }

    @Test
    void aFailureNobodyRetrievedIsFailureNeverRetrieved() {
        EventLoop loop = loop(false);
        loop.createTask("doomed", () -> {
            throw new IllegalStateException("boom");
        });
        loop.runUntilComplete(loop.createTask(() -> {
            Asyncio.sleep(Duration.ofSeconds(1));
            return null;
        }));
        loop.close();
        assertThat(kinds()).containsExactly(ReportKind.FAILURE_NEVER_RETRIEVED);
        assertThat(reports.get(0).exception()).hasMessage("boom");
    }

    @Test
    void aTaskLeftPendingIsTaskPendingAtClose() {
        EventLoop loop = loop(false);
        loop.createTask("stuck", () -> loop.createFuture().await());
        loop.runUntilComplete(loop.createTask(() -> {
            Asyncio.sleep(Duration.ofSeconds(1));
            return null;
        }));
        loop.close();
        assertThat(kinds()).containsExactly(ReportKind.TASK_PENDING_AT_CLOSE);
        assertThat(reports.get(0).task().name()).isEqualTo("stuck");
    }

    @Test
    void aStepThatHoldsTheLoopIsSlowStep() {
        EventLoop loop = loop(true);
        loop.runUntilComplete(loop.createTask(() -> {
            long end = System.nanoTime() + 20_000_000L;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            return null;
        }));
        loop.close();
        assertThat(kinds()).contains(ReportKind.SLOW_STEP);
    }

    @Test
    void aServerLeftOpenIsResourceNeverClosedWithTheStackWhereItWasOpened() throws Exception {
        EventLoop loop = loop(true);
        loop.setSlowCallbackThreshold(Duration.ofHours(1));
        loop.runUntilComplete(loop.createTask(() -> Streams.startServer(c -> c.close(), "127.0.0.1", 0)));
        loop.close();
        assertThat(kinds()).containsExactly(ReportKind.RESOURCE_NEVER_CLOSED);
        assertThat(Arrays.stream(reports.get(0).exception().getStackTrace()).map(StackTraceElement::getMethodName))
                .contains("startServer");
    }

    @Test
    void aCallbackThatThrewIsOther() {
        EventLoop loop = loop(false);
        loop.callSoon(() -> {
            throw new IllegalStateException("callback");
        });
        loop.runUntilComplete(loop.createTask(() -> {
            Asyncio.sleep(Duration.ofSeconds(1));
            return null;
        }));
        loop.close();
        assertThat(kinds()).containsExactly(ReportKind.OTHER);
    }
}
