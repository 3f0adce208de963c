package io.jasyncio;

/**
 * How a child started with {@link TaskGroup#start} says it is ready.
 *
 * @param <T> the value handed to the starter
 * @asyncio Trio's {@code task_status}
 */
@FunctionalInterface
public interface TaskStatus<T> {

    /**
     * Signals readiness; {@link TaskGroup#start} returns {@code value}. Never suspends.
     *
     * @throws IllegalStateException if called twice
     */
    void started(T value);
}
