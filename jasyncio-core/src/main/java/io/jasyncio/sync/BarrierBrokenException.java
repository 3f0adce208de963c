package io.jasyncio.sync;

/**
 * Thrown by {@link Barrier#await()} when the barrier was aborted or reset while the task waited,
 * or is broken when it arrives.
 *
 * @asyncio {@code asyncio.BrokenBarrierError} (renamed: {@code java.util.concurrent} has a
 *     {@code BrokenBarrierException})
 */
public final class BarrierBrokenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message saying what broke the barrier. */
    public BarrierBrokenException(String message) {
        super(message);
    }
}
