package io.jasyncio.internal.loop;

import java.util.Arrays;

/**
 * A binary min-heap of timers ordered by (due time, scheduling order).
 *
 * <p><b>Cost.</b> Insert and pop are O(log n) with no allocation beyond occasional array growth.
 * Cancelled timers are not removed at once (O(1) cancel); they are dropped when popped, and the
 * whole heap is rebuilt in O(n) when more than half of it is cancelled (asyncio's rule), so a
 * server that sets and cancels many timeouts does not keep dead entries.
 *
 * <p>Loop-confined, except that {@link #cancelledCount} is only advisory.
 */
final class TimerHeap {
    /** Rebuilding a tiny heap is not worth it. */
    private static final int MIN_REBUILD_SIZE = 64;

    private Callback[] heap = new Callback[64];
    private int size;
    /** How many entries in the heap are cancelled; loop-confined, updated on cancel. */
    private int cancelledCount;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void add(Callback c) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        int i = size++;
        siftUp(i, c);
    }

    /** The earliest timer, cancelled or not, or null. */
    Callback peek() {
        return size == 0 ? null : heap[0];
    }

    Callback poll() {
        if (size == 0) {
            return null;
        }
        Callback top = heap[0];
        Callback last = heap[--size];
        heap[size] = null;
        if (size > 0) {
            siftDown(0, last);
        }
        top.heapIndex = -1;
        // only entries counted by cancelled(): one cancelled on another thread may leave before
        // its notice arrives (TimerHeapTest#timersCancelledFromAnotherThreadAndPolledBeforeTheLoopHearsOfItDoNotSkewTheCount)
        if (top.cancelCounted) {
            cancelledCount--;
        }
        return top;
    }

    /** Counts a cancelled entry; rebuilds the heap when most entries are cancelled. */
    void cancelled(Callback c) {
        if (c.heapIndex < 0 || c.cancelCounted) {
            return;
        }
        c.cancelCounted = true;
        cancelledCount++;
        if (size >= MIN_REBUILD_SIZE && cancelledCount * 2 > size) {
            rebuild();
        }
    }

    private void rebuild() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            Callback c = heap[i];
            if (c.isCancelled()) {
                c.heapIndex = -1;
            } else {
                heap[n++] = c;
            }
        }
        Arrays.fill(heap, n, size, null);
        size = n;
        cancelledCount = 0;
        for (int i = (n >>> 1) - 1; i >= 0; i--) {
            siftDown(i, heap[i]);
        }
        for (int i = 0; i < n; i++) {
            heap[i].heapIndex = i;
        }
    }

    private static boolean before(Callback a, Callback b) {
        return a.when < b.when || (a.when == b.when && a.seq < b.seq);
    }

    private void siftUp(int i, Callback c) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Callback p = heap[parent];
            if (!before(c, p)) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = c;
        c.heapIndex = i;
    }

    private void siftDown(int i, Callback c) {
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            Callback ch = heap[child];
            int right = child + 1;
            if (right < size && before(heap[right], ch)) {
                child = right;
                ch = heap[child];
            }
            if (!before(ch, c)) {
                break;
            }
            heap[i] = ch;
            ch.heapIndex = i;
            i = child;
        }
        heap[i] = c;
        c.heapIndex = i;
    }
}
