package io.jasyncio;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * How {@link Asyncio#toThread(ThreadOptions, java.util.concurrent.Callable)} runs a blocking
 * call: on which executor, under which limit, and what cancelling the awaiting task does.
 *
 * <p><b>Defaults</b> ({@link #defaults()}): the loop's default executor (one new virtual thread
 * per call, shut down with the loop), no limit, {@code abandonOnCancel = true} and
 * {@code interruptOnCancel = false}: a cancelled caller stops waiting at once and the thread
 * runs to its end, its outcome dropped, as in asyncio.
 *
 * <p><b>Example.</b>
 * <pre>{@code
 * CapacityLimiter db = new CapacityLimiter(16);
 * ThreadOptions jdbc = ThreadOptions.defaults().withLimiter(db::acquire).withInterruptOnCancel(true);
 * Rows rows = Asyncio.toThread(jdbc, () -> statement.executeQuery());
 * }</pre>
 *
 * @param executor where the call runs; {@code null} for the loop's default executor
 * @param limiter called in the awaiting task before the call starts, may suspend (for example
 *     {@code capacityLimiter::acquire}); what it returns is closed on the loop when the thread
 *     has really finished, so abandoned calls still count against the limit; {@code null} for none
 * @param abandonOnCancel when the awaiting task is cancelled: {@code true} to raise
 *     {@link CancelledError} at once and let the thread finish unobserved; {@code false} to keep
 *     waiting for the thread and return its outcome (the cancellation is then delivered at the
 *     next checkpoint, or instead of the thread's failure)
 * @param interruptOnCancel whether cancelling the awaiting task interrupts the thread
 *     (for code that answers {@code Thread.interrupt()}, such as blocking queues and
 *     interruptible channels)
 * @asyncio {@code asyncio.to_thread} and Trio's {@code to_thread.run_sync(abandon_on_cancel=, limiter=)}
 */
public record ThreadOptions(Executor executor, Supplier<? extends AutoCloseable> limiter,
                            boolean abandonOnCancel, boolean interruptOnCancel) {

    private static final ThreadOptions DEFAULTS = new ThreadOptions(null, null, true, false);

    /** The loop's default executor, no limit, abandon on cancel, no interrupt. */
    public static ThreadOptions defaults() {
        return DEFAULTS;
    }

    /** A copy running on {@code e} ({@code null}: the loop's default executor). */
    public ThreadOptions withExecutor(Executor e) {
        return new ThreadOptions(e, limiter, abandonOnCancel, interruptOnCancel);
    }

    /** A copy holding {@code l.get()} for the duration of each call ({@code null}: no limit). */
    public ThreadOptions withLimiter(Supplier<? extends AutoCloseable> l) {
        return new ThreadOptions(executor, l, abandonOnCancel, interruptOnCancel);
    }

    /** A copy with another {@code abandonOnCancel}. */
    public ThreadOptions withAbandonOnCancel(boolean on) {
        return new ThreadOptions(executor, limiter, on, interruptOnCancel);
    }

    /** A copy with another {@code interruptOnCancel}. */
    public ThreadOptions withInterruptOnCancel(boolean on) {
        return new ThreadOptions(executor, limiter, abandonOnCancel, on);
    }
}
