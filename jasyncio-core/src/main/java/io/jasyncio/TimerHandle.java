package io.jasyncio;

/**
 * A callback scheduled for a point in loop time with {@link EventLoop#callLater} or
 * {@link EventLoop#callAt}.
 *
 * <p><b>Cost.</b> Cancelling is O(1): the entry stays in the loop's timer heap and is dropped
 * when it reaches the top, or when more than half of the heap is cancelled and the heap is
 * rebuilt.
 *
 * @asyncio {@code asyncio.TimerHandle}
 */
public interface TimerHandle extends Handle {

    /** The loop time (see {@link EventLoop#time()}) at which the callback is due, in nanoseconds. */
    long when();
}
