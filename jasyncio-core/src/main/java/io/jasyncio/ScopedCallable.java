package io.jasyncio;

/**
 * The body of a scope that runs in the calling task ({@link Asyncio#timeout},
 * {@link Asyncio#shielded}, ...). The scope rethrows the body's own checked exception type
 * {@code X} unchanged: the compiler infers it from the lambda ({@code RuntimeException} when the
 * body throws nothing checked), so {@code catch (IOException e)} around the scope works.
 *
 * @param <T> the value type
 * @param <X> the checked exception the body may throw
 */
@FunctionalInterface
public interface ScopedCallable<T, X extends Exception> {

    /** Runs the body in the calling task; may suspend. */
    T call() throws X;
}
