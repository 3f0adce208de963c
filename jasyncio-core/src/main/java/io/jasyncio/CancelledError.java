package io.jasyncio;

/**
 * Thrown inside a task at a suspension point when the task, or a scope it runs in, is
 * cancelled.
 *
 * <p>It extends {@link Error}, not {@link Exception}, so a {@code catch (Exception e)} does not
 * swallow it by accident. Cleanup may still await:
 * <pre>{@code
 * try {
 *     consume();
 * } catch (CancelledError e) {
 *     flushOffsets();   // may suspend
 *     throw e;          // rethrow the same instance
 * }
 * }</pre>
 * Rethrow the instance you caught: scopes ({@code timeout}, {@code TaskGroup}) recognise the
 * cancellation they requested by identity, so a new instance would not be converted into a
 * timeout. A task whose body ends with this error is cancelled; a task that catches it and
 * returns normally is not (asyncio semantics).
 *
 * <p><b>Stack traces.</b> Filling in a stack trace walks the task's whole stack, and cancelling
 * many tasks spent most of its time there. So outside debug mode the cancellations jasyncio
 * delivers carry no stack trace (their message and the task's name still say which
 * cancellation it is); in debug mode ({@link EventLoop#setDebug}) they carry the stack where
 * the cancellation was delivered. Instances you create yourself fill in their stack as usual.
 *
 * @asyncio {@code asyncio.CancelledError}
 */
public final class CancelledError extends Error {
    private static final long serialVersionUID = 1L;

    /** A cancellation with no message. */
    public CancelledError() {
        super();
    }

    /** A cancellation carrying the message given to {@code cancel(msg)}; may be null. */
    public CancelledError(String message) {
        super(message);
    }

    /**
     * A cancellation carrying {@code message} (may be null), with a stack trace only when
     * {@code withStackTrace}: for runtimes and libraries that raise many cancellations and do
     * not want each to pay for a walk of the stack. Suppressed exceptions are kept either way.
     */
    public CancelledError(String message, boolean withStackTrace) {
        super(message, null, true, withStackTrace);
    }
}
