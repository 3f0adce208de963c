package io.jasyncio.streams;

import java.io.IOException;

/**
 * A {@link StreamReader#readUntil} or {@link StreamReader#readLine} found no separator within
 * the reader's limit. The data stays in the reader's buffer: read it with
 * {@link StreamReader#read(int)} to skip it, or close the connection.
 *
 * @asyncio {@code asyncio.LimitOverrunError}
 */
public final class LimitOverrunException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int buffered;

    /**
     * @param message what was looked for
     * @param buffered the number of bytes buffered when the limit was passed
     */
    public LimitOverrunException(String message, int buffered) {
        super(message);
        this.buffered = buffered;
    }

    /** The number of bytes buffered when the limit was passed. @asyncio {@code consumed} */
    public int buffered() {
        return buffered;
    }
}
