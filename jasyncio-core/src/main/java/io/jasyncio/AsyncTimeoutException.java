package io.jasyncio;

/**
 * A deadline passed: thrown by {@link Asyncio#timeout}, {@link Asyncio#timeoutAt} and
 * {@link Asyncio#waitFor} when their own deadline cancelled the body. Only the scope's own
 * cancellation is converted: an outer cancellation passes through as {@link CancelledError},
 * and a {@link TaskGroup} whose children failed while the deadline cancelled it passes through
 * as its {@link ExceptionGroup} (a real failure is never reported as a timeout).
 *
 * <p>Named with the {@code Async} prefix because {@code java.util.concurrent.TimeoutException}
 * is a checked exception users import daily; this one is unchecked. Its
 * {@linkplain #getCause() cause} is the cancellation that interrupted the body, whose stack
 * trace shows where the body was waiting.
 *
 * @asyncio {@code TimeoutError} raised by {@code asyncio.timeout}
 */
public final class AsyncTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With a message saying which deadline passed, and the cancellation that ended the body. */
    public AsyncTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
