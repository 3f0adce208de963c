package io.jasyncio;

import java.time.Duration;

/**
 * The handle of a running {@link Asyncio#timeout} scope: read or move its deadline.
 *
 * <p><b>Nesting.</b> An inner scope never extends an outer one: moving an inner deadline past an
 * outer one changes nothing about when the outer scope fires. The deadline that reaches the
 * task is the nearest; {@link Asyncio#currentDeadline()} returns it.
 *
 * <p><b>Threads.</b> Loop-confined; use it from the task that opened the scope (or callbacks
 * of its loop).
 *
 * @asyncio {@code asyncio.Timeout}
 */
public interface Timeout {

    /** The scope's deadline in loop time (nanoseconds), or {@link Long#MAX_VALUE} for none. */
    long deadline();

    /**
     * Moves the deadline to loop time {@code when} ({@link Long#MAX_VALUE}: no deadline). A
     * deadline already due (now or past) cancels the body at its next checkpoint, even one that
     * completes without waiting.
     *
     * @throws IllegalStateException if the deadline already expired (the message says so), or
     *     the scope has exited
     */
    void reschedule(long when);

    /**
     * Moves the deadline to {@code delay} from now.
     *
     * @throws IllegalArgumentException if {@code delay} is negative
     * @throws NullPointerException if {@code delay} is null (for no deadline, use
     *     {@link #reschedule(long)} with {@link Long#MAX_VALUE})
     * @throws IllegalStateException if the deadline already expired or the scope has exited
     */
    void reschedule(Duration delay);

    /** Whether the deadline passed and cancelled (or is about to cancel) the body. */
    boolean expired();
}
