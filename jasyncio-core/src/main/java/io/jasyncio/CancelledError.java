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
}
