package io.jasyncio;

/**
 * A future that runs a body on its own virtual thread, on one event loop, suspending only where
 * the body awaits.
 *
 * <p><b>Lifecycle.</b> Pending (scheduled to start, running, or suspended), then done: finished
 * with the body's value, failed with what it threw, or cancelled when a {@link CancelledError}
 * escaped the body. A task belongs to one loop for life and is only ever resumed by it.
 *
 * <p><b>Cancellation.</b> {@link #cancel(String)} is delivered as a {@link CancelledError} at the
 * task's next suspension point (a task cancelled before it starts never runs its body); the
 * future or task it awaits is cancelled too. Cleanup in {@code catch}/{@code finally} may await.
 * A task that catches the error and returns normally is not cancelled.
 *
 * <p><b>Reachability.</b> The loop keeps every pending task strongly reachable: a task nobody
 * references still runs to the end.
 *
 * <p><b>Threads.</b> As {@link AsyncFuture}. The task's virtual thread is named after the task,
 * so thread dumps, debuggers and JFR show tasks as threads.
 *
 * @param <T> the value type
 * @asyncio {@code asyncio.Task}
 */
public interface Task<T> extends AsyncFuture<T> {

    /** The task's name: given at creation, or {@code Task-N}. */
    String name();

    /**
     * Requests cancellation: the task sees a {@link CancelledError} carrying {@code message} at
     * its next suspension point.
     *
     * @return {@code false} if the task is already done
     * @throws WrongThreadException if not called from the loop context
     */
    @Override
    boolean cancel(String message);

    /**
     * How many cancellation requests are pending: {@code cancel} calls not yet matched by
     * {@link #uncancel()}.
     *
     * @asyncio {@code Task.cancelling()}
     */
    int cancelling();

    /**
     * Withdraws one cancellation request; at zero, a request not yet delivered is dropped.
     *
     * @return the remaining count
     * @asyncio {@code Task.uncancel()}
     */
    int uncancel();

    /**
     * Where the task is suspended now: the stack of its virtual thread, empty when it runs or
     * is done.
     */
    StackTraceElement[] stack();

    /**
     * Always throws: a task's result comes from its body.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    void setResult(T value);

    /**
     * Always throws: a task fails when its body throws.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    void setException(Throwable exception);
}
