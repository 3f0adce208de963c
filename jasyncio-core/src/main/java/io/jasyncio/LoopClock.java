package io.jasyncio;

/**
 * The source of an event loop's {@link EventLoop#time() time}: monotonic nanoseconds.
 *
 * <p>The default is {@link #monotonic()} ({@link System#nanoTime()}). Tests use
 * {@code io.jasyncio.testing.VirtualClock}, which the loop advances itself, straight to the next
 * timer, whenever nothing is ready and no I/O can arrive.
 */
public interface LoopClock {

    /** The current time in nanoseconds; only differences are meaningful. Never decreases. */
    long nanoTime();

    /**
     * Whether the loop may move this clock forward by itself with {@link #jumpTo(long)} when it
     * would otherwise wait (Trio's autojump).
     */
    default boolean isVirtual() {
        return false;
    }

    /**
     * Moves a virtual clock forward to {@code nanos}; only the loop calls this.
     *
     * @throws UnsupportedOperationException on a real clock
     */
    default void jumpTo(long nanos) {
        throw new UnsupportedOperationException("a real clock cannot jump");
    }

    /**
     * For a virtual clock: how long, in real nanoseconds, the loop waits for I/O on registered
     * channels before it jumps. A real clock never jumps.
     */
    default long autojumpThresholdNanos() {
        return 0;
    }

    /** The monotonic clock every loop uses unless told otherwise. */
    static LoopClock monotonic() {
        return System::nanoTime;
    }
}
