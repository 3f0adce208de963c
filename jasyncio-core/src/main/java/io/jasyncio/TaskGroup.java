package io.jasyncio;

/**
 * Structured concurrency: a scope whose child tasks cannot outlive it, and whose failures cannot
 * be lost.
 *
 * <pre>{@code
 * List<Reply> replies = TaskGroup.run(tg -> {
 *     Task<Reply> a = tg.createTask("users", () -> users.fetch(id));
 *     Task<Reply> b = tg.createTask("orders", () -> orders.fetch(id));
 *     return List.of(a.await(), b.await());
 * });
 * }</pre>
 *
 * <p><b>Rules.</b>
 * <ul>
 * <li>The group exits only when every child has ended, whatever happened.</li>
 * <li>The first child that fails (with anything but {@link CancelledError}) cancels every other
 *     child and the body. When all have ended, every failure comes out together as one
 *     {@link ExceptionGroup} (a failure of the body itself joins them). A child that ends
 *     cancelled is not an error.</li>
 * <li>A cancellation of the enclosing task (or of an enclosing timeout) cancels the children and
 *     comes out as that {@link CancelledError}, not as a group, when no child failed.</li>
 * <li>Failures win over every cancellation (asyncio 3.13): when children failed, the group's
 *     {@link ExceptionGroup} comes out even if an outer cancellation ended the group, and that
 *     cancellation stays requested, raised again at the task's next checkpoint. An enclosing
 *     timeout therefore lets the group through instead of converting it, and whoever awaits the
 *     cancelled task sees the failures.</li>
 * <li>{@link #cancel()} stops the group without an error: {@code run} then returns {@code null}
 *     when the cancellation interrupted the body, and the body's value when the body returned
 *     before reaching a checkpoint (a scope's cancellation that was never delivered changes
 *     nothing, as for timeouts).</li>
 * <li>Children may start siblings while the group runs or waits for them. Once the group is
 *     aborting (a failure or {@code cancel()}) or has exited, {@link #createTask} throws
 *     {@link IllegalStateException}.</li>
 * </ul>
 *
 * <p><b>Why a lambda and not try-with-resources.</b> When a child fails, the body must be
 * interrupted by a cancellation and the group must then report the failure instead. A
 * try-with-resources {@code close()} can only add its exception as suppressed to the body's,
 * so the caller would see a {@code CancelledError} hiding the real failure. The lambda lets the
 * group replace it. (Timeouts follow the same rule.)
 *
 * <p><b>Comparison.</b> asyncio's {@code TaskGroup} (3.13+ semantics, including {@code cancel()}
 * of 3.15), Trio's nursery (with {@link #start}), Kotlin's {@code coroutineScope}. Prefer it to
 * {@link Asyncio#gather}, which leaves siblings running when one fails and raises only the
 * first failure.
 *
 * <p><b>Threads.</b> Loop-confined; children belong to the loop of the task that opened it.
 *
 * @asyncio {@code asyncio.TaskGroup}
 */
public interface TaskGroup {

    /**
     * Opens a group in the calling task, runs {@code body} with it, waits for every child and
     * returns the body's value.
     *
     * @return the body's value, or {@code null} when {@link #cancel()} interrupted the body (a
     *     body that returns after {@code cancel()} without reaching a checkpoint keeps its value)
     * @throws ExceptionGroup if a child or the body failed, even when the calling task (or an
     *     enclosing scope) was cancelled too; that cancellation is then raised at the next checkpoint
     * @throws CancelledError if the calling task (or an enclosing scope) was cancelled and no
     *     child failed
     * @throws IllegalStateException if not called from a task
     * @suspends while the body suspends, and until every child has ended
     * @cancellation children are cancelled and awaited before the cancellation propagates
     */
    static <T> T run(Body<T> body) {
        return io.jasyncio.internal.scope.RealTaskGroup.run(body);
    }

    /**
     * Starts a child task named {@code name} ({@code Task-N} when null) in this group.
     *
     * @throws IllegalStateException if the group is aborting or has exited
     * @throws WrongThreadException if not called from the group's loop
     */
    <T> Task<T> createTask(String name, AsyncCallable<T> body);

    /** {@link #createTask(String, AsyncCallable)} named {@code Task-N}. */
    default <T> Task<T> createTask(AsyncCallable<T> body) {
        return createTask(null, body);
    }

    /** {@link #createTask(String, AsyncCallable)} for a body without a value. */
    default Task<Void> createTask(String name, AsyncRunnable body) {
        return createTask(name, () -> {
            body.run();
            return null;
        });
    }

    /**
     * Starts a child and waits until it signals readiness with {@link TaskStatus#started}
     * (Trio's {@code nursery.start}), e.g. a server that has bound its port, and returns the
     * value it signalled. The child then keeps running in the group.
     *
     * @return the value passed to {@code started}
     * @throws CancelledError if the calling task, or a scope it is in (a timeout), is cancelled while
     *     waiting; the child is then cancelled too, and the group waits for it as for any child
     * @throws IllegalStateException if the child returned without calling {@code started}, or
     *     the group is aborting or has exited
     * @throws AsyncExecutionException wrapping a checked exception the child raised before it
     *     was ready (unchecked ones are rethrown as they are); such a failure does not abort the group
     * @suspends until the child is ready
     */
    <T> T start(String name, StartBody<T> body);

    /** Stops the group without an error: cancels the children and the body. Idempotent. */
    void cancel();

    /** Whether the group is aborting: a child failed or {@link #cancel()} was called. */
    boolean isAborting();

    /** The body of a group. */
    @FunctionalInterface
    interface Body<T> {
        /** Runs with the open group; may suspend; a failure joins the group's failures. */
        T run(TaskGroup group) throws Exception;
    }

    /** The body of a child started with {@link #start}. */
    @FunctionalInterface
    interface StartBody<T> {
        /** Runs the child; calls {@code status.started(value)} once it is ready. */
        void run(TaskStatus<T> status) throws Exception;
    }
}
