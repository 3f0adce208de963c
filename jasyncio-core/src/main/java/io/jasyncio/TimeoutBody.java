package io.jasyncio;

/**
 * A timeout body that uses its {@link Timeout} handle (to read or move the deadline). The scope
 * rethrows {@code X} unchanged; see {@link ScopedCallable}.
 *
 * @param <T> the value type
 * @param <X> the checked exception the body may throw
 */
@FunctionalInterface
public interface TimeoutBody<T, X extends Exception> {

    /** Runs the body in the calling task; may suspend. */
    T call(Timeout timeout) throws X;
}
