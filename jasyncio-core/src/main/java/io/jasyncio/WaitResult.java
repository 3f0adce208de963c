package io.jasyncio;

import java.util.Set;

/**
 * What {@link Asyncio#wait} returns: the futures that are done and those still pending, in
 * argument order.
 *
 * @param done the futures done when {@code wait} returned
 * @param pending the others, still running
 * @param <T> the value type
 */
public record WaitResult<T>(Set<AsyncFuture<T>> done, Set<AsyncFuture<T>> pending) {

    /** Copies the sets. */
    public WaitResult {
        done = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(done));
        pending = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(pending));
    }
}
