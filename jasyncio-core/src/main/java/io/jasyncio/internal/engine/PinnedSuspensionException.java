package io.jasyncio.internal.engine;

/**
 * Internal carrier of the pinned-suspension failure; the task layer rethrows it as the public
 * {@code io.jasyncio.PinnedSuspensionException}.
 */
public final class PinnedSuspensionException extends RuntimeException {
    public PinnedSuspensionException(String message) {
        super(message);
    }
}
