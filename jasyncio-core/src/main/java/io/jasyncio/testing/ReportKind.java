package io.jasyncio.testing;

import io.jasyncio.ExceptionContext;
import io.jasyncio.internal.io.IoContext;
import io.jasyncio.internal.task.RealEventLoop;

/**
 * What a report to a loop's {@link io.jasyncio.ExceptionHandler} is about, so a test harness can
 * turn each kind into its own failure (the JUnit extension in {@code jasyncio-junit} does).
 *
 * <p>Install a handler with {@link io.jasyncio.EventLoop#setExceptionHandler}, collect the
 * contexts, and classify them with {@link #of(ExceptionContext)}:
 * <pre>{@code
 * List<ExceptionContext> reports = new ArrayList<>();
 * loop.setExceptionHandler((l, c) -> reports.add(c));
 * ... run and close the loop ...
 * assertThat(reports).noneMatch(c -> ReportKind.of(c) == ReportKind.FAILURE_NEVER_RETRIEVED);
 * }</pre>
 */
public enum ReportKind {
    /**
     * A task or future failed and nobody retrieved its exception before it was garbage collected
     * or the loop closed. {@link ExceptionContext#exception()} is the failure.
     */
    FAILURE_NEVER_RETRIEVED,
    /**
     * A socket, server, datagram transport or subprocess was still open when the loop closed
     * (reported in debug mode only). {@link ExceptionContext#exception()} is not a failure: its
     * stack is where the resource was opened.
     */
    RESOURCE_NEVER_CLOSED,
    /** A task was still pending when the loop closed; {@link ExceptionContext#task()} is that task. */
    TASK_PENDING_AT_CLOSE,
    /**
     * In debug mode, one step held the loop longer than the slow-step threshold.
     * {@link ExceptionContext#exception()}'s stack is where the step was running when the
     * threshold passed (or empty when it ended before the watchdog looked).
     */
    SLOW_STEP,
    /** Anything else: a callback that threw, a protocol callback that failed, a swallowed cancellation. */
    OTHER;

    /**
     * The kind of {@code context}.
     *
     * @throws NullPointerException if {@code context} is null
     */
    public static ReportKind of(ExceptionContext context) {
        // the messages matched here are written by FailureTracker and RealEventLoop#close;
        // ReportKindTest produces each report for real, so a changed message fails there
        Throwable e = context.exception();
        String m = context.message();
        if (e instanceof RealEventLoop.SlowStep) {
            return SLOW_STEP;
        }
        if (e instanceof IoContext.OpenedHere || m.contains(IoContext.NEVER_CLOSED)) {
            return RESOURCE_NEVER_CLOSED;
        }
        if (m.startsWith("Task exception was never retrieved") || m.startsWith("Future exception was never retrieved")) {
            return FAILURE_NEVER_RETRIEVED;
        }
        if (m.startsWith("Task was destroyed but it is pending")) {
            return TASK_PENDING_AT_CLOSE;
        }
        return OTHER;
    }
}
