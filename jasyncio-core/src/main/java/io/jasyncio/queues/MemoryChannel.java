package io.jasyncio.queues;

import io.jasyncio.internal.sync.LoopBound;
import io.jasyncio.internal.sync.WaitQueue;
import io.jasyncio.internal.task.RealTask;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * An in-memory channel with separate send and receive ends: bounded (a buffer of
 * {@code capacity} items) or rendezvous ({@code capacity} 0: {@code send} returns only when a
 * receiver has taken the item).
 *
 * <p><b>Closing.</b> Each end is closed on its own, and {@code clone()} makes more ends; the
 * channel counts them. When every send end is closed, receivers drain the buffer and then see
 * the end of the stream ({@link EndOfChannelException}, or the end of iteration). When every
 * receive end is closed, senders fail with {@link BrokenChannelException} and the buffer is
 * dropped. Using a closed end throws {@link IllegalStateException}, and so does a wait through an
 * end that is closed meanwhile (by another task): closing an end fails the tasks waiting to send
 * or receive through <em>that</em> end, and only those, so no item passes through a closed end
 * (a sender waiting on another clone keeps its place; the next item goes to a receiver waiting on
 * another clone).
 *
 * <p><b>Fairness.</b> Waiting senders and receivers are served in arrival order.
 *
 * <p><b>Cancellation.</b> Items are handed straight from a sender to a waiting receiver (or from
 * a waiting sender to a receiver). A hand-over is final: if the woken side is cancelled in the
 * same loop iteration, it still returns normally and its cancellation comes at the next
 * checkpoint, so an item is neither lost nor delivered twice (Trio's rule). A side cancelled
 * before any hand-over sends or receives nothing.
 *
 * <p><b>Statistics.</b> {@link #statistics()} (also on each end) gives the buffer use, the open
 * ends and the waiting tasks, for dashboards and tests.
 *
 * <p><b>Threads.</b> Loop-confined (bound to the loop of its first use, ends included).
 *
 * <p><b>Comparison.</b> Trio's {@code open_memory_channel}, Kotlin's {@code Channel(capacity)}.
 * Over {@link AsyncQueue}: ends that close, so a consumer loop ends by itself when producers are
 * done, and fan-in/fan-out by cloning ends.
 *
 * <p><b>Example.</b>
 * <pre>{@code
 * var ch = MemoryChannel.<String>open(16);
 * Asyncio.createTask("producer", () -> { try (var tx = ch.sender()) { for (String s : lines) tx.send(s); } });
 * try (var rx = ch.receiver()) { for (String s : rx) System.out.println(s); }
 * }</pre>
 *
 * @param <T> the item type; items are never {@code null}
 * @asyncio none; Trio's memory channels
 */
public final class MemoryChannel<T> {
    /*
     * Implementation notes. M1 senders wait only while no receiver waits and the buffer is full;
     * M2 receivers wait only while the buffer is empty and no sender waits. A waiting sender's
     * item is its waiter's offer; a receiver takes it (completing the sender) when it moves
     * into the buffer or straight to the receiver. All hand-overs are completions (WaitQueue's
     * design note), so nothing is ever given back. M3 every waiter is parked with the end it
     * waits through as its key, and no waiter's end is closed: closing an end fails its waiters
     * (WaitQueue.failWhere) before anything else can reach them.
     */

    /**
     * A snapshot of a channel's state (Trio's {@code MemoryChannelStatistics}).
     *
     * @param bufferUsed items in the buffer
     * @param bufferSize the capacity given to {@link #open(int)} (0 for a rendezvous channel)
     * @param openSendEnds send ends not yet closed, clones included
     * @param openReceiveEnds receive ends not yet closed, clones included
     * @param tasksWaitingToSend tasks waiting in {@code send}
     * @param tasksWaitingToReceive tasks waiting in {@code receive}
     */
    public record Statistics(int bufferUsed, int bufferSize, int openSendEnds, int openReceiveEnds,
            int tasksWaitingToSend, int tasksWaitingToReceive) {
    }

    private final LoopBound bound = new LoopBound(this);
    private final int capacity;
    private final ArrayDeque<T> buffer = new ArrayDeque<>();
    private final WaitQueue senders = new WaitQueue(w -> { }, "MemoryChannel.send");
    private final WaitQueue receivers = new WaitQueue(w -> { }, "MemoryChannel.receive");
    private int openSenders = 1;
    private int openReceivers = 1;
    private final Sender<T> sender = new Sender<>(this);
    private final Receiver<T> receiver = new Receiver<>(this);

    private MemoryChannel(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Opens a channel buffering up to {@code capacity} items; 0 makes it a rendezvous channel.
     *
     * @throws IllegalArgumentException if {@code capacity < 0}
     */
    public static <T> MemoryChannel<T> open(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("channel capacity must be >= 0 (0 = rendezvous), got " + capacity);
        }
        return new MemoryChannel<>(capacity);
    }

    /** The first send end; more with {@link SendChannel#clone()}. */
    public SendChannel<T> sender() {
        return sender;
    }

    /** The first receive end; more with {@link ReceiveChannel#clone()}. */
    public ReceiveChannel<T> receiver() {
        return receiver;
    }

    /** The buffer size given to {@link #open(int)}; fixed, so readable from any thread. */
    public int capacity() {
        return capacity;
    }

    /**
     * The number of buffered items.
     *
     * @throws WrongThreadException if called from another thread than the channel's loop while it runs
     */
    public int size() {
        bound.check("MemoryChannel.size()");
        return buffer.size();
    }

    /**
     * A snapshot of the buffer use, the open ends and the waiting tasks.
     *
     * @throws WrongThreadException if called from another thread than the channel's loop while it
     *     runs; read it there (e.g. through {@code loop.callSoonThreadsafe}) and hand the snapshot on
     * @asyncio none; Trio's {@code MemorySendChannel.statistics()}
     */
    public Statistics statistics() {
        bound.check("MemoryChannel.statistics()");
        return new Statistics(buffer.size(), capacity, openSenders, openReceivers, senders.size(), receivers.size());
    }

    // ---------------------------------------------------------------- sending

    void send(Sender<T> end, T item) {
        Objects.requireNonNull(item, "item");
        RealTask<?> t = bound.task("SendChannel.send()");
        t.checkpoint();
        if (offer(end, item)) {
            return;
        }
        senders.parkVia(t, item, end);
    }

    boolean offer(Sender<T> end, T item) {
        Objects.requireNonNull(item, "item");
        if (end.closed) {
            throw new IllegalStateException(end + " is closed: send on an open end, or clone() one before closing");
        }
        if (openReceivers == 0) {
            throw new BrokenChannelException(this + ": every receive end is closed, nobody will read the item");
        }
        if (!receivers.isEmpty()) {
            receivers.completeFirst(item);
            return true;
        }
        if (buffer.size() < capacity) {
            buffer.add(item);
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- receiving

    @SuppressWarnings("unchecked")
    T receive(Receiver<T> end) {
        RealTask<?> t = bound.task("ReceiveChannel.receive()");
        t.checkpoint();
        T item = poll(end);
        if (item != null) {
            return item;
        }
        return (T) receivers.parkVia(t, null, end);
    }

    @SuppressWarnings("unchecked")
    T poll(Receiver<T> end) {
        if (end.closed) {
            throw new IllegalStateException(end + " is closed: receive on an open end, or clone() one before closing");
        }
        T item = buffer.poll();
        WaitQueue.Waiter s = senders.first();
        if (item != null) {
            if (s != null) {
                buffer.add((T) s.value());   // its item takes the freed slot; the sender is done
                senders.completeFirst(null);
            }
            return item;
        }
        if (s != null) {
            item = (T) s.value();   // rendezvous: straight from the sender
            senders.completeFirst(null);
            return item;
        }
        if (openSenders == 0) {
            throw endOfChannel();
        }
        return null;
    }

    private EndOfChannelException endOfChannel() {
        return new EndOfChannelException(this + ": every send end is closed and the buffer is empty");
    }

    // ---------------------------------------------------------------- ends

    void closeSender(Sender<T> end) {
        // its waiting senders fail, so their items never pass through a closed end (M3)
        if (!senders.isEmpty()) {
            senders.failWhere(end, new IllegalStateException(end + " was closed while the task waited to send "
                    + "through it: the item was not sent"));
        }
        if (--openSenders == 0) {
            receivers.failAll(endOfChannel());
        }
    }

    void closeReceiver(Receiver<T> end) {
        // its waiting receivers fail; the next item goes to one waiting on another clone (M3)
        if (!receivers.isEmpty()) {
            receivers.failWhere(end, new IllegalStateException(end + " was closed while the task waited to "
                    + "receive through it: nothing was received"));
        }
        if (--openReceivers == 0) {
            buffer.clear();
            senders.failAll(new BrokenChannelException(this + ": every receive end was closed while sending"));
        }
    }

    @Override
    public String toString() {
        return "MemoryChannel[" + buffer.size() + "/" + capacity + ", senders=" + openSenders + ", receivers="
                + openReceivers + (senders.isEmpty() ? "" : ", waiting senders=" + senders.size())
                + (receivers.isEmpty() ? "" : ", waiting receivers=" + receivers.size()) + "]";
    }

    /** A send end. */
    static final class Sender<T> implements SendChannel<T> {
        private final MemoryChannel<T> channel;
        boolean closed;

        Sender(MemoryChannel<T> channel) {
            this.channel = channel;
        }

        @Override
        public void send(T item) {
            channel.send(this, item);
        }

        @Override
        public boolean trySend(T item) {
            channel.bound.check("SendChannel.trySend()");
            return channel.offer(this, item);
        }

        @Override
        public Statistics statistics() {
            return channel.statistics();
        }

        @Override
        public SendChannel<T> clone() {
            channel.bound.check("SendChannel.clone()");
            if (closed) {
                throw new IllegalStateException(this + " is closed: clone an open end");
            }
            channel.openSenders++;
            return new Sender<>(channel);
        }

        @Override
        public void close() {
            channel.bound.check("SendChannel.close()");
            if (!closed) {
                closed = true;
                channel.closeSender(this);
            }
        }

        @Override
        public String toString() {
            return "SendChannel[" + (closed ? "closed, " : "") + channel + "]";
        }
    }

    /** A receive end. */
    static final class Receiver<T> implements ReceiveChannel<T> {
        private final MemoryChannel<T> channel;
        boolean closed;

        Receiver(MemoryChannel<T> channel) {
            this.channel = channel;
        }

        @Override
        public T receive() {
            return channel.receive(this);
        }

        @Override
        public T tryReceive() {
            channel.bound.check("ReceiveChannel.tryReceive()");
            return channel.poll(this);
        }

        @Override
        public Statistics statistics() {
            return channel.statistics();
        }

        @Override
        public ReceiveChannel<T> clone() {
            channel.bound.check("ReceiveChannel.clone()");
            if (closed) {
                throw new IllegalStateException(this + " is closed: clone an open end");
            }
            channel.openReceivers++;
            return new Receiver<>(channel);
        }

        @Override
        public void close() {
            channel.bound.check("ReceiveChannel.close()");
            if (!closed) {
                closed = true;
                channel.closeReceiver(this);
            }
        }

        /** Receives until the end of the stream; {@code hasNext()} may suspend. */
        @Override
        public Iterator<T> iterator() {
            return new Iterator<>() {
                private T next;

                @Override
                public boolean hasNext() {
                    if (next == null) {
                        try {
                            next = receive();
                        } catch (EndOfChannelException e) {
                            return false;
                        }
                    }
                    return true;
                }

                @Override
                public T next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException(channel + " has ended");
                    }
                    T v = next;
                    next = null;
                    return v;
                }
            };
        }

        @Override
        public String toString() {
            return "ReceiveChannel[" + (closed ? "closed, " : "") + channel + "]";
        }
    }
}
