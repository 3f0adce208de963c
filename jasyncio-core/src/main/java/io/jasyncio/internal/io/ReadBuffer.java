package io.jasyncio.internal.io;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The bytes a stream reader holds: one growable array used as a queue, searched in place.
 *
 * <p><b>Cost.</b> Appending copies once; taking copies the result out (the caller owns it).
 * A drained buffer that grew past {@link #KEEP_BYTES} gives its array back. Loop-confined.
 */
final class ReadBuffer {
    private static final int KEEP_BYTES = 256 * 1024;
    private static final byte[] EMPTY = new byte[0];

    private byte[] bytes = EMPTY;
    /** Buffered bytes are {@code bytes[head, tail)}. */
    private int head;
    private int tail;

    int size() {
        return tail - head;
    }

    void append(ByteBuffer src) {
        int len = src.remaining();
        if (bytes.length - tail < len) {
            makeRoom(len);
        }
        src.get(bytes, tail, len);
        tail += len;
    }

    /** Removes and returns the first {@code n} bytes ({@code n <= size()}). */
    byte[] take(int n) {
        byte[] r = Arrays.copyOfRange(bytes, head, head + n);
        skip(n);
        return r;
    }

    /** Drops the first {@code n} bytes ({@code n <= size()}). */
    void skip(int n) {
        head += n;
        if (head == tail) {
            head = tail = 0;
            if (bytes.length > KEEP_BYTES) {
                bytes = EMPTY;
            }
        }
    }

    /**
     * The offset (from the head) where {@code sep} starts, searching from offset {@code from},
     * or -1.
     */
    int indexOf(byte[] sep, int from) {
        byte first = sep[0];
        int last = tail - sep.length;
        outer:
        for (int i = head + Math.max(0, from); i <= last; i++) {
            if (bytes[i] != first) {
                continue;
            }
            for (int k = 1; k < sep.length; k++) {
                if (bytes[i + k] != sep[k]) {
                    continue outer;
                }
            }
            return i - head;
        }
        return -1;
    }

    private void makeRoom(int len) {
        int size = tail - head;
        if (bytes.length - size >= len && bytes.length > 0) {
            System.arraycopy(bytes, head, bytes, 0, size);
        } else {
            int cap = Math.max(16 * 1024, bytes.length);
            while (cap - size < len) {
                cap = Math.multiplyExact(cap, 2);
            }
            bytes = Arrays.copyOfRange(bytes, head, head + cap);
        }
        head = 0;
        tail = size;
    }
}
