package io.jasyncio;

/**
 * Anything a task can wait for: the {@code __await__} protocol in Java.
 *
 * <p>A task body is ordinary Java code on its own virtual thread, so "awaiting" is a method
 * call that suspends the calling task until the value is there. {@link AsyncFuture} and
 * {@link Task} implement it natively; a user-defined awaitable implements {@link #await()} by
 * awaiting other awaitables, exactly as an {@code __await__} delegates with {@code yield from}:
 *
 * <pre>{@code
 * record Delayed<T>(Duration d, T value) implements Awaitable<T> {
 *     public T await() { Asyncio.sleep(d); return value; }
 * }
 * String s = new Delayed<>(Duration.ofMillis(10), "hi").await();
 * }</pre>
 *
 * Combinators ({@code gather}, {@code wait}, {@code waitFor}, ...) accept any awaitable and run
 * one that is not already a future in a task of its own ({@code asyncio.ensure_future}).
 *
 * @param <T> the value type
 * @asyncio awaitable objects, {@code __await__}
 */
@FunctionalInterface
public interface Awaitable<T> {

    /**
     * Suspends the calling task until the value is available and returns it.
     *
     * @return the value
     * @throws CancelledError if the calling task is cancelled while it waits
     * @throws IllegalStateException if not called from a task
     * @suspends until the value is available
     */
    T await();
}
