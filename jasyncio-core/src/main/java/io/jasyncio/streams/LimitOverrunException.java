package io.jasyncio.streams;

import java.io.IOException;

/**
 * A read would have to hold more than the reader's {@linkplain StreamReader#limit() limit}:
 * {@link StreamReader#readUntil} or {@link StreamReader#readLine} found no separator within the
 * limit (or found it too late), or {@link StreamReader#readExactly} was asked for more than the
 * limit.
 *
 * <p><b>What is left buffered.</b> {@code readUntil} leaves the data in the reader's buffer (skip
 * the record with {@code read(consumed())}, or close the connection). {@code readLine} discards
 * the over-long line, or everything buffered when no newline is in sight, so the next
 * {@code readLine} reads on. {@code readExactly} reads nothing.
 *
 * @asyncio {@code asyncio.LimitOverrunError}
 */
public final class LimitOverrunException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int consumed;

    /**
     * @param message what was looked for and what happened to the data
     * @param consumed see {@link #consumed()}
     */
    public LimitOverrunException(String message, int consumed) {
        super(message);
        this.consumed = consumed;
    }

    /**
     * How many buffered bytes the over-long record takes. When the separator was found: the
     * bytes up to and including it (asyncio's {@code consumed} stops before the separator; here
     * one {@code read(consumed())} skips the whole record). When no separator was found: the
     * bytes searched, which cannot contain the start of one. For {@code readExactly}: 0.
     *
     * @asyncio {@code LimitOverrunError.consumed}, including the separator
     */
    public int consumed() {
        return consumed;
    }
}
