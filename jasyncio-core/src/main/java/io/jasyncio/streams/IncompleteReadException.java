package io.jasyncio.streams;

import java.io.EOFException;

/**
 * The stream ended before a {@link StreamReader#readExactly} or {@link StreamReader#readUntil}
 * got what it needed. Carries the bytes that did arrive.
 *
 * @asyncio {@code asyncio.IncompleteReadError}
 */
public final class IncompleteReadException extends EOFException {
    private static final long serialVersionUID = 1L;

    private final transient byte[] partial;
    private final long expected;

    /**
     * @param partial the bytes read before the end of stream
     * @param expected the number of bytes wanted, or -1 when a separator was wanted
     */
    public IncompleteReadException(byte[] partial, long expected) {
        super(partial.length + " bytes read before the end of stream, "
                + (expected < 0 ? "no separator found" : expected + " expected"));
        this.partial = partial;
        this.expected = expected;
    }

    /** The bytes read before the end of stream (a copy). */
    public byte[] partial() {
        return partial.clone();
    }

    /** The number of bytes wanted, or -1 when a separator was wanted. */
    public long expected() {
        return expected;
    }
}
