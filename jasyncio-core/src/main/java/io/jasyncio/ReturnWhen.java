package io.jasyncio;

/**
 * When {@link Asyncio#wait} returns.
 *
 * @asyncio {@code asyncio.FIRST_COMPLETED}, {@code FIRST_EXCEPTION}, {@code ALL_COMPLETED}
 */
public enum ReturnWhen {
    /** As soon as any awaitable is done. */
    FIRST_COMPLETED,
    /** As soon as any awaitable fails (cancelled does not count), or all are done. */
    FIRST_EXCEPTION,
    /** When all are done. */
    ALL_COMPLETED
}
