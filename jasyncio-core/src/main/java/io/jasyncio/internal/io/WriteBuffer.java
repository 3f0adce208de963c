package io.jasyncio.internal.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * The bytes a transport could not write at once: one growable array used as a queue.
 *
 * <p><b>Cost.</b> Appending copies once into the array; flushing writes a reused view of it.
 * Nothing is allocated per write once the array is big enough. The array doubles when full
 * (after compacting), and is given back when a drained buffer had grown past
 * {@link #KEEP_BYTES}, so one burst does not pin memory for the connection's lifetime.
 * Loop-confined.
 */
final class WriteBuffer {
    /** Capacity kept after draining; more is released. */
    private static final int KEEP_BYTES = 256 * 1024;
    private static final int INITIAL = 16 * 1024;

    private byte[] bytes = new byte[0];
    /** A view of {@link #bytes}; position and limit are set before each flush. */
    private ByteBuffer view = ByteBuffer.wrap(bytes);
    /** Queued bytes are {@code bytes[head, tail)}. */
    private int head;
    private int tail;

    int size() {
        return tail - head;
    }

    boolean isEmpty() {
        return tail == head;
    }

    void append(byte[] src, int off, int len) {
        ensureRoom(len);
        System.arraycopy(src, off, bytes, tail, len);
        tail += len;
    }

    void append(ByteBuffer src) {
        int len = src.remaining();
        ensureRoom(len);
        src.get(bytes, tail, len);
        tail += len;
    }

    /** Writes as much as the channel takes; returns the number of bytes written. */
    int flushTo(WritableByteChannel ch) throws IOException {
        view.limit(tail).position(head);
        int n = ch.write(view);
        head += n;
        if (head == tail) {
            head = tail = 0;
            if (bytes.length > KEEP_BYTES) {
                bytes = new byte[0];
                view = ByteBuffer.wrap(bytes);
            }
        }
        return n;
    }

    /** Drops everything queued (abort). */
    void clear() {
        head = tail = 0;
    }

    private void ensureRoom(int len) {
        if (bytes.length - tail >= len) {
            return;
        }
        int size = tail - head;
        if (bytes.length - size >= len && head > 0) {
            System.arraycopy(bytes, head, bytes, 0, size);
        } else {
            int cap = Math.max(INITIAL, bytes.length);
            while (cap - size < len) {
                cap = Math.multiplyExact(cap, 2);
            }
            byte[] grown = new byte[cap];
            System.arraycopy(bytes, head, grown, 0, size);
            bytes = grown;
            view = ByteBuffer.wrap(bytes);
        }
        head = 0;
        tail = size;
    }
}
