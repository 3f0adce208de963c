package io.jasyncio.internal.io;

import io.jasyncio.AsyncFuture;
import io.jasyncio.internal.task.RealEventLoop;

/**
 * The one task waiting on one side of an I/O object (a pipe reader, a datagram endpoint's
 * receive queue, a writer's drain), woken by the object when its condition may have changed.
 *
 * <p>Waiting is an await of a fresh future of the loop, so cancellation, checkpoints and
 * wake-ups are the core's own: a cancelled waiter's future is cancelled and the task gets its
 * {@code CancelledError}. Allocation happens only when the task really waits. A second task that
 * tries to wait on the same side fails at once: two readers of one stream would each get an
 * unpredictable share of the bytes, which is never what the caller meant. Loop-confined.
 */
public final class IoWaiter {
    private final Object owner;
    private final String role;
    /** The future the waiting task awaits, or null when no task waits. */
    private AsyncFuture<Void> parked;

    /**
     * @param owner the I/O object, named in error messages
     * @param role the verb a waiter performs ("read", "drain", "receive"), for error messages
     */
    public IoWaiter(Object owner, String role) {
        this.owner = owner;
        this.role = role;
    }

    /**
     * In a task of {@code loop}: suspends until {@link #wake()}. Callers re-check their condition
     * afterwards (a wake-up means "look again", not "ready").
     *
     * @throws IllegalStateException if another task is already waiting
     * @throws io.jasyncio.CancelledError if the task is cancelled while it waits
     */
    public void await(RealEventLoop loop, String what) {
        if (parked != null) {
            throw new IllegalStateException(owner + ": " + what + " while another task waits to " + role
                    + "; only one task may " + role + " at a time: hand the data to other tasks through a queue");
        }
        AsyncFuture<Void> f = loop.createFuture();
        parked = f;
        try {
            f.await();
        } finally {
            if (parked == f) {
                parked = null;
            }
        }
    }

    /** Wakes the waiting task, if any. Loop context. */
    public void wake() {
        AsyncFuture<Void> f = parked;
        if (f != null) {
            parked = null;
            if (!f.isDone()) {
                f.setResult(null);
            }
        }
    }

    /** Whether a task waits now. */
    public boolean isWaiting() {
        return parked != null;
    }
}
