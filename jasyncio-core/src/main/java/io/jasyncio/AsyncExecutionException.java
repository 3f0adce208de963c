package io.jasyncio;

/**
 * Carries a checked exception out of {@link Awaitable#await()} or {@link AsyncFuture#result()}:
 * the {@linkplain #getCause() cause} is what the task body or {@code setException} raised.
 *
 * <p>Unchecked exceptions and errors are never wrapped. Checked ones are, because Java cannot
 * rethrow them from a method that does not declare them, and declaring {@code throws Exception}
 * on every await would force a catch around all straight-line code. {@link AsyncFuture#exception()}
 * returns the cause itself.
 */
public final class AsyncExecutionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Wraps {@code cause}, naming where it came from. */
    public AsyncExecutionException(String message, Throwable cause) {
        super(message, cause);
    }
}
