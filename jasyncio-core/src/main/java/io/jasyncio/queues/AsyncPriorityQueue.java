package io.jasyncio.queues;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * An {@link AsyncQueue} that returns the smallest item first (natural order or a comparator);
 * items that compare equal come out in no particular order. Everything else, fairness,
 * cancellation and shutdown included, is {@link AsyncQueue}'s.
 *
 * <p><b>Example.</b>
 * <pre>{@code
 * record Job(int priority, String name) {}
 * var q = new AsyncPriorityQueue<Job>(100, Comparator.comparingInt(Job::priority));
 * }</pre>
 *
 * @param <E> the item type
 * @asyncio {@code asyncio.PriorityQueue} (which needs {@code (priority, item)} tuples)
 */
public final class AsyncPriorityQueue<E> extends AsyncQueue<E> {

    /**
     * A queue of at most {@code maxSize} items (0 = unbounded) in their natural order.
     *
     * @throws IllegalArgumentException if {@code maxSize < 0}
     */
    public AsyncPriorityQueue(int maxSize) {
        super(maxSize, new PriorityQueue<>());
    }

    /**
     * A queue of at most {@code maxSize} items (0 = unbounded) ordered by {@code order}.
     *
     * @throws IllegalArgumentException if {@code maxSize < 0}
     */
    public AsyncPriorityQueue(int maxSize, Comparator<? super E> order) {
        super(maxSize, new PriorityQueue<>(order));
    }
}
