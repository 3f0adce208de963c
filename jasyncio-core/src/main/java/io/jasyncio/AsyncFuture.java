package io.jasyncio;

import java.util.function.Consumer;

/**
 * The eventual result of an operation on one event loop: pending, then finished with a value,
 * failed with an exception, or cancelled.
 *
 * <p><b>Threads.</b> Loop-confined: call it from the loop's tasks and callbacks. From another
 * thread, go through {@link EventLoop#callSoonThreadsafe}; the methods that change state throw
 * {@link WrongThreadException} naming that alternative. {@link #isDone()} and
 * {@link #isCancelled()} may be read from any thread.
 *
 * <p><b>Callbacks.</b> Done callbacks always run through the loop's ready queue, in the order
 * they were added, never inline in {@code setResult}/{@code setException}/{@code cancel}.
 *
 * <p><b>Failures never retrieved.</b> A future that fails and whose exception nobody retrieves
 * ({@link #result()}, {@link #exception()} or {@link #await()}) is reported to the loop's
 * exception handler: when the future is garbage collected, and at the latest when the loop
 * closes.
 *
 * <p><b>Comparison.</b> Like {@code asyncio.Future}. Unlike {@code CompletableFuture}, it
 * belongs to one loop and its callbacks never run on the completing thread. Create one with
 * {@link EventLoop#createFuture()}; implemented by the loop only.
 *
 * @param <T> the value type
 * @asyncio {@code asyncio.Future}
 */
public interface AsyncFuture<T> extends Awaitable<T> {

    /**
     * Suspends the calling task until this future is done, then returns its value.
     *
     * @return the value
     * @throws CancelledError if this future was cancelled, or the calling task is cancelled while
     *     it waits (which also cancels this future, as asyncio does; use {@link Asyncio#shield}
     *     to prevent that)
     * @throws AsyncExecutionException wrapping a checked exception the future failed with;
     *     unchecked ones are rethrown as they are
     * @throws IllegalStateException if not called from a task
     * @throws WrongThreadException if called from a task of another loop than this future's
     * @suspends while pending; a checkpoint even when done
     * @cancellation the awaited future is cancelled too; a value that arrives in the same loop
     *     iteration as the cancellation is returned and the cancellation is delivered at the
     *     next checkpoint, so neither is lost
     */
    @Override
    T await();

    /**
     * The value of a finished future.
     *
     * @throws IllegalStateException if still pending
     * @throws CancelledError if cancelled
     * @throws AsyncExecutionException wrapping a checked failure; unchecked ones are rethrown
     */
    T result();

    /**
     * The exception of a failed future, {@code null} if it finished with a value.
     *
     * @throws IllegalStateException if still pending
     * @throws CancelledError if cancelled
     */
    Throwable exception();

    /**
     * Marks the future finished with {@code value} and schedules its callbacks.
     *
     * @throws IllegalStateException if already done
     * @throws WrongThreadException if not called from the loop context
     */
    void setResult(T value);

    /**
     * Marks the future failed with {@code exception} and schedules its callbacks.
     *
     * @throws IllegalArgumentException if {@code exception} is a {@link CancelledError}: use
     *     {@link #cancel(String)}
     * @throws IllegalStateException if already done
     * @throws WrongThreadException if not called from the loop context
     */
    void setException(Throwable exception);

    /**
     * Cancels the future if it is pending and schedules its callbacks.
     *
     * @return {@code false} if it was already done
     * @throws WrongThreadException if not called from the loop context
     */
    default boolean cancel() {
        return cancel(null);
    }

    /**
     * Cancels with a message carried by the {@link CancelledError} awaiters see.
     *
     * @return {@code false} if it was already done
     * @throws WrongThreadException if not called from the loop context
     */
    boolean cancel(String message);

    /** Whether finished, failed or cancelled. Any thread. */
    boolean isDone();

    /** Whether cancelled. Any thread. */
    boolean isCancelled();

    /**
     * Adds a callback run through the loop once the future is done (at once scheduled if it is
     * already done). It runs in the context of the code that added it.
     *
     * @throws WrongThreadException if not called from the loop context
     */
    void addDoneCallback(Consumer<? super AsyncFuture<T>> callback);

    /**
     * Removes every registration of {@code callback} not yet scheduled.
     *
     * @return how many were removed
     */
    int removeDoneCallback(Consumer<? super AsyncFuture<T>> callback);

    /** The loop this future belongs to. */
    EventLoop loop();
}
