package io.jasyncio.queues;

import io.jasyncio.CancelledError;
import io.jasyncio.internal.sync.LoopBound;
import io.jasyncio.internal.sync.WaitQueue;
import io.jasyncio.internal.task.RealTask;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Queue;

/**
 * A first-in first-out queue between the tasks of one event loop, bounded for backpressure:
 * {@link #put} suspends while it is full, {@link #get} while it is empty.
 *
 * <p><b>Fairness.</b> Getters are served in the order they started waiting, and so are putters.
 * A slot freed while putters wait is reserved for the first of them, and an item put while
 * getters wait for the first getter, so no later caller barges ahead.
 *
 * <p><b>Cancellation.</b> A cancelled {@link #get} never loses an item: the item stays in the
 * queue. A cancelled {@link #put} never inserts. A waiter woken in the same loop iteration as
 * its cancellation passes the wake-up (the reserved item or slot) to the next waiter.
 *
 * <p><b>Shutdown</b> (Python 3.13): after {@link #shutdown(boolean)}, {@code put} fails with
 * {@link QueueShutDownException}; {@code get} drains what is left, then fails too. Waiting
 * putters and getters are woken with that exception. An immediate shutdown also drops the
 * items and counts them as done for {@link #join()}.
 *
 * <p><b>Threads.</b> Loop-confined: bound to the loop of its first use from a task or callback,
 * whatever the call ({@code putNowait} and {@code size()} bind too); it may be prefilled on any
 * thread before a loop uses it. From another thread, use {@code loop.callSoonThreadsafe(() -> queue.putNowait(x))}.
 *
 * <p><b>Comparison.</b> asyncio's {@code Queue}; {@code qsize()} is {@link #size()}. Where a
 * {@code java.util.concurrent.ArrayBlockingQueue} blocks a thread, this suspends a task. For
 * separate send and receive ends with close and end-of-stream, see {@link MemoryChannel}.
 *
 * <p><b>Example.</b>
 * <pre>{@code
 * AsyncQueue<Job> jobs = new AsyncQueue<>(100);
 * Asyncio.createTask("worker", () -> { while (true) { handle(jobs.get()); jobs.taskDone(); } });
 * for (Job j : incoming) jobs.put(j);     // waits while 100 are queued
 * jobs.join();                            // every job handled
 * }</pre>
 *
 * @param <E> the item type; items are never {@code null}
 * @asyncio {@code asyncio.Queue}
 */
public sealed class AsyncQueue<E> permits AsyncPriorityQueue, AsyncLifoQueue {
    /*
     * Implementation notes. Items stay in the buffer until a getter takes them; a grant to a
     * waiting getter only reserves one (reservedGets), and a grant to a waiting putter reserves
     * a slot (reservedSlots). The woken task does its part when it resumes, so a cancellation
     * between the grant and its resumption loses nothing: the reservation is passed on.
     *
     * Q1 reservedGets <= items.size() unless an immediate shutdown dropped the items.
     * Q2 maxSize == 0 or items.size() + reservedSlots <= maxSize.
     * Q3 getters wait only while every item is reserved; putters only while no slot is free.
     */

    private final LoopBound bound = new LoopBound(this);
    /** Operation names for messages, built once: a concatenation per call shows on the hot path. */
    private final String opPut = kind() + ".put()";
    private final String opPutNowait = kind() + ".putNowait()";
    private final String opGet = kind() + ".get()";
    private final String opGetNowait = kind() + ".getNowait()";
    private final String opTaskDone = kind() + ".taskDone()";
    private final Queue<E> items;
    /** 0 for unbounded. */
    private final int maxSize;
    private final WaitQueue getters = new WaitQueue(this::getterRefused, "AsyncQueue.get");
    private final WaitQueue putters = new WaitQueue(this::putterRefused, "AsyncQueue.put");
    private final WaitQueue joiners = new WaitQueue(w -> { }, "AsyncQueue.join");
    /** Q1, Q3. */
    private int reservedGets;
    /** Q2, Q3. */
    private int reservedSlots;
    /** Items put and not yet marked done with {@link #taskDone()}. */
    private int unfinished;
    private boolean shutDown;

    /** An unbounded queue: {@code put} never waits. */
    public AsyncQueue() {
        this(0);
    }

    /**
     * A queue holding at most {@code maxSize} items; 0 means unbounded.
     *
     * @throws IllegalArgumentException if {@code maxSize < 0}
     */
    public AsyncQueue(int maxSize) {
        this(maxSize, new ArrayDeque<>());
    }

    AsyncQueue(int maxSize, Queue<E> items) {
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize must be >= 0 (0 = unbounded), got " + maxSize);
        }
        this.maxSize = maxSize;
        this.items = items;
    }

    // ---------------------------------------------------------------- put

    /**
     * Appends {@code item}, waiting while the queue is full.
     *
     * @throws NullPointerException if {@code item} is null
     * @throws QueueShutDownException if the queue is shut down, before or while waiting
     * @throws CancelledError if the calling task is cancelled; nothing is inserted
     * @throws IllegalStateException if not called from a task
     * @throws WrongThreadException if called from a task of another loop than the queue's
     * @suspends while full; a checkpoint even when there is room
     * @cancellation nothing is inserted; a slot already reserved passes to the next putter
     * @asyncio {@code Queue.put(item)}
     */
    public void put(E item) {
        Objects.requireNonNull(item, "item");
        RealTask<?> t = bound.task(opPut);
        t.checkpoint();
        if (shutDown) {
            throw shutDownForPut();
        }
        if (hasRoom()) {
            insert(item);
            return;
        }
        putters.park(t, null);
        reservedSlots--;
        if (shutDown) {
            throw shutDownForPut();
        }
        insert(item);
    }

    /**
     * Appends {@code item} if there is room now; never suspends.
     *
     * @throws QueueFullException if the queue is full (or its free slots are reserved for
     *     waiting putters)
     * @throws QueueShutDownException if the queue is shut down
     * @throws WrongThreadException if called from another thread than the queue's loop while it runs
     * @asyncio {@code Queue.put_nowait(item)}
     */
    public void putNowait(E item) {
        Objects.requireNonNull(item, "item");
        bound.check(opPutNowait);
        if (shutDown) {
            throw shutDownForPut();
        }
        if (!hasRoom()) {
            throw new QueueFullException(this + " is full: use put() to wait for room, or a larger maxSize");
        }
        insert(item);
    }

    private boolean hasRoom() {
        return maxSize == 0 || items.size() + reservedSlots < maxSize;
    }

    private void insert(E item) {
        items.add(item);
        unfinished++;
        if (!getters.isEmpty()) {
            reservedGets++;
            getters.grantFirst(null);
        }
        assert invariantsHold() : this;
    }

    /** Q2 and Q3 (Q1 may be broken by an immediate shutdown until the getters resume). */
    private boolean invariantsHold() {
        boolean q2 = maxSize == 0 || items.size() + reservedSlots <= maxSize;
        boolean q3 = (getters.isEmpty() || items.size() <= reservedGets) && (putters.isEmpty() || !hasRoom());
        return q2 && q3;
    }

    private void putterRefused(WaitQueue.Waiter w) {
        reservedSlots--;
        wakePutter();
    }

    private void wakePutter() {
        if (!putters.isEmpty() && hasRoom()) {
            reservedSlots++;
            putters.grantFirst(null);
        }
    }

    private QueueShutDownException shutDownForPut() {
        return new QueueShutDownException(this + " is shut down: no more items can be put");
    }

    // ---------------------------------------------------------------- get

    /**
     * Removes and returns the item at the head, waiting while the queue is empty.
     *
     * @return the removed item, never {@code null}
     * @throws QueueShutDownException if the queue is shut down and empty
     * @throws CancelledError if the calling task is cancelled while it waits; no item is removed
     * @throws IllegalStateException if not called from a task
     * @throws WrongThreadException if called from a task of another loop than the queue's
     * @suspends while empty; a checkpoint even when an item is ready
     * @cancellation no item is removed; an item already reserved passes to the next getter
     * @asyncio {@code Queue.get()}
     */
    public E get() {
        RealTask<?> t = bound.task(opGet);
        t.checkpoint();
        if (items.size() > reservedGets) {
            return take();
        }
        if (shutDown) {
            throw shutDownForGet();
        }
        getters.park(t, null);
        reservedGets--;
        if (items.isEmpty()) {
            throw shutDownForGet();   // an immediate shutdown dropped the reserved item
        }
        return take();
    }

    /**
     * Removes and returns the item at the head if there is one; never suspends.
     *
     * @throws QueueEmptyException if no item is available
     * @throws QueueShutDownException if the queue is shut down and empty
     * @throws WrongThreadException if called from another thread than the queue's loop while it runs
     * @asyncio {@code Queue.get_nowait()}
     */
    public E getNowait() {
        bound.check(opGetNowait);
        if (items.size() > reservedGets) {
            return take();
        }
        if (shutDown) {
            throw shutDownForGet();
        }
        throw new QueueEmptyException(this + " is empty: use get() to wait for an item");
    }

    private E take() {
        E item = items.poll();
        wakePutter();
        assert invariantsHold() : this;
        return item;
    }

    private void getterRefused(WaitQueue.Waiter w) {
        reservedGets--;
        if (!getters.isEmpty() && items.size() > reservedGets) {
            reservedGets++;
            getters.grantFirst(null);
        }
    }

    private QueueShutDownException shutDownForGet() {
        return new QueueShutDownException(this + " is shut down and empty: no more items will come");
    }

    // ---------------------------------------------------------------- join

    /**
     * Marks one item taken with {@link #get} as processed; {@link #join()} returns when every
     * item put was marked.
     *
     * @throws IllegalStateException if called more times than items were put
     * @throws WrongThreadException if called from another thread than the queue's loop while it runs
     * @asyncio {@code Queue.task_done()}
     */
    public void taskDone() {
        bound.check(opTaskDone);
        if (unfinished <= 0) {
            throw new IllegalStateException(this + ": taskDone() called more times than items were put; "
                    + "call it once per item taken with get()");
        }
        if (--unfinished == 0) {
            joiners.grantAll();
        }
    }

    /**
     * Waits until every item put has been marked done with {@link #taskDone()}.
     *
     * @throws CancelledError if the calling task is cancelled
     * @suspends while items are unfinished; a checkpoint otherwise
     * @cancellation nothing to undo
     * @asyncio {@code Queue.join()}
     */
    public void join() {
        RealTask<?> t = bound.task(kind() + ".join()");
        t.checkpoint();
        if (unfinished > 0) {
            joiners.park(t, null);
        }
    }

    // ---------------------------------------------------------------- shutdown

    /**
     * Shuts the queue down: {@code put} fails from now on, and waiting putters are woken with
     * {@link QueueShutDownException}. Getters drain the remaining items and then fail too; when
     * {@code immediate}, the items are dropped at once and counted as done for {@link #join()}.
     *
     * @throws WrongThreadException if called from another thread than the queue's loop while it runs
     * @asyncio {@code Queue.shutdown(immediate)} (Python 3.13)
     */
    public void shutdown(boolean immediate) {
        bound.check(kind() + ".shutdown()");
        shutDown = true;
        if (immediate) {
            int n = items.size();
            items.clear();
            unfinished = Math.max(0, unfinished - n);
            if (unfinished == 0) {
                joiners.grantAll();
            }
        }
        // waiting getters could only get items put later, and there will be none
        getters.failAll(shutDownForGet());
        putters.failAll(shutDownForPut());
    }

    /** {@code shutdown(false)}: let getters drain the queue. */
    public void shutdown() {
        shutdown(false);
    }

    /**
     * Whether {@link #shutdown(boolean)} was called.
     *
     * @throws WrongThreadException if called from another thread than the queue's loop while it runs
     * @asyncio none; {@code Queue._is_shutdown}
     */
    public boolean isShutDown() {
        bound.check("isShutDown()");
        return shutDown;
    }

    // ---------------------------------------------------------------- state

    /**
     * The number of items in the queue, including ones reserved for getters about to resume.
     *
     * @throws WrongThreadException if called from another thread than the queue's loop while it runs
     * @asyncio {@code Queue.qsize()}
     */
    public int size() {
        bound.check("size()");
        return items.size();
    }

    /**
     * The bound, 0 for unbounded; fixed, so readable from any thread.
     *
     * @asyncio {@code Queue.maxsize}
     */
    public int maxSize() {
        return maxSize;
    }

    /**
     * Whether the queue holds no item.
     *
     * @throws WrongThreadException if called from another thread than the queue's loop while it runs
     * @asyncio {@code Queue.empty()}
     */
    public boolean isEmpty() {
        bound.check("isEmpty()");
        return items.isEmpty();
    }

    /**
     * Whether the queue holds {@link #maxSize()} items.
     *
     * @throws WrongThreadException if called from another thread than the queue's loop while it runs
     * @asyncio {@code Queue.full()}
     */
    public boolean isFull() {
        bound.check("isFull()");
        return maxSize > 0 && items.size() >= maxSize;
    }

    /**
     * The number of tasks waiting in {@link #get()} for an item, for metrics and tests.
     *
     * @throws WrongThreadException if called from another thread than the queue's loop while it runs
     * @asyncio none; {@code len(queue._getters)}
     */
    public int waitingGetters() {
        bound.check("waitingGetters()");
        return getters.size();
    }

    /**
     * The number of tasks waiting in {@link #put} for room, for metrics and tests.
     *
     * @throws WrongThreadException if called from another thread than the queue's loop while it runs
     * @asyncio none; {@code len(queue._putters)}
     */
    public int waitingPutters() {
        bound.check("waitingPutters()");
        return putters.size();
    }

    private String kind() {
        return getClass().getSimpleName();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(kind()).append("[size=").append(items.size());
        if (maxSize > 0) {
            sb.append(", maxSize=").append(maxSize);
        }
        if (!getters.isEmpty()) {
            sb.append(", getters=").append(getters.size());
        }
        if (!putters.isEmpty()) {
            sb.append(", putters=").append(putters.size());
        }
        if (unfinished > 0) {
            sb.append(", unfinished=").append(unfinished);
        }
        if (shutDown) {
            sb.append(", shut down");
        }
        return sb.append(']').toString();
    }
}
