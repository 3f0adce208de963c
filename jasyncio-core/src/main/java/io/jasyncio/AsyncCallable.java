package io.jasyncio;

/**
 * A task body that returns a value and may throw checked exceptions.
 *
 * <p>How a failure reaches the awaiter: unchecked exceptions and errors are rethrown as they
 * are; a checked exception comes out of {@link Awaitable#await()} and
 * {@link AsyncFuture#result()} wrapped in {@link AsyncExecutionException} (its cause), while
 * {@link AsyncFuture#exception()} returns it unwrapped. See the package documentation.
 *
 * @param <T> the value type
 */
@FunctionalInterface
public interface AsyncCallable<T> {

    /**
     * Runs the body; may suspend.
     *
     * @return the task's value
     * @throws Exception any failure, delivered to the awaiter
     */
    T call() throws Exception;
}
