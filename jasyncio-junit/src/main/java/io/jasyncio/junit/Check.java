package io.jasyncio.junit;

/**
 * What an {@link AsyncTest} checks when its method has returned (or thrown). Each check is on
 * unless the test or its class carries a {@link SkipCheck} for it.
 */
public enum Check {
    /**
     * No task but the test's own is still pending when the test method ends: a task started and
     * never awaited or cancelled. The failure names each task with the stack where it is
     * suspended. The extension cancels such tasks and waits for them before closing the loop.
     */
    PENDING_TASKS,
    /**
     * No task or future failed without anybody retrieving its exception, and nothing else was
     * reported to the loop's exception handler (a callback that threw, a protocol callback that
     * failed, a swallowed cancellation). The failure shows each report with its exception.
     */
    UNRETRIEVED_FAILURES,
    /**
     * No socket, server, datagram transport or subprocess is still open when the loop closes.
     * The failure names each one with the stack where it was opened.
     */
    OPEN_RESOURCES,
    /**
     * No single step (a task running between two suspensions, or a callback) held the loop
     * longer than {@link AsyncTest#slowStepMillis()} of real time. The failure shows the stack
     * where the step was running.
     */
    SLOW_STEPS
}
