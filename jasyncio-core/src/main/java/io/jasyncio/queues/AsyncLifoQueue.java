package io.jasyncio.queues;

import java.util.ArrayDeque;
import java.util.Collections;

/**
 * An {@link AsyncQueue} that returns the most recently put item first (a stack). Everything
 * else, fairness, cancellation and shutdown included, is {@link AsyncQueue}'s.
 *
 * @param <E> the item type
 * @asyncio {@code asyncio.LifoQueue}
 */
public final class AsyncLifoQueue<E> extends AsyncQueue<E> {

    /**
     * A stack of at most {@code maxSize} items (0 = unbounded).
     *
     * @throws IllegalArgumentException if {@code maxSize < 0}
     */
    public AsyncLifoQueue(int maxSize) {
        super(maxSize, Collections.asLifoQueue(new ArrayDeque<>()));
    }
}
