package io.jasyncio;

/**
 * What the loop passes to its {@link ExceptionHandler}: a message and whatever it knows of the
 * failure's origin. Any component may be null except {@code message}.
 *
 * @param message what happened, for a log line
 * @param exception the failure, or a throwable whose stack shows where the loop was held
 * @param future the future whose failure was never retrieved, if any
 * @param task the task involved, if any
 * @param handle the callback involved, if any
 * @asyncio the {@code context} dict of {@code loop.call_exception_handler}
 */
public record ExceptionContext(String message, Throwable exception, AsyncFuture<?> future,
                               Task<?> task, Handle handle) {

    /** Requires a message. */
    public ExceptionContext {
        java.util.Objects.requireNonNull(message, "message");
    }
}
