package io.jasyncio.internal.io;

import io.jasyncio.internal.loop.Callback;
import io.jasyncio.internal.task.RealTask;
import io.jasyncio.internal.task.Wait;
import java.util.ArrayList;

/**
 * Tasks waiting for one I/O condition (data to read, room to write, the connection closed):
 * they suspend in {@link #await}, and {@link #wakeAll()} lets them look again.
 *
 * <p>Waiters re-check their condition after waking, so a wake-up is never "granted" and nothing
 * passes between waiters; a cancelled waiter just leaves. No allocation per wait unless a
 * deadline is given. Loop-confined.
 *
 * <p>Every I/O object waits through this class: sockets and TLS streams, subprocess pipes,
 * datagram endpoints.
 */
public final class IoWait implements Wait {
    private final String what;
    private final ArrayList<RealTask<?>> waiting = new ArrayList<>(1);

    /** @param what the waiting operation, e.g. {@code "StreamReader.read"}, for diagnostics */
    public IoWait(String what) {
        this.what = what;
    }

    /**
     * {@link #await} for a side of an I/O object that one task at a time may wait on: two
     * readers of one stream would each get an unpredictable share of the data.
     *
     * @param owner the I/O object, named in the error
     * @param doing what the waiting task is doing ({@code "reading"}), for the error
     * @param verb the verb ({@code "read"}), for the error
     * @throws IllegalStateException if another task already waits here
     */
    public boolean awaitAlone(RealTask<?> task, long deadline, Object owner, String doing, String verb) {
        if (!waiting.isEmpty()) {
            throw new IllegalStateException(owner + ": " + waiting.get(0) + " is already " + doing + "; only one "
                    + "task may " + verb + " at a time: " + verb + " from one task and hand the data to the others "
                    + "(a queue)");
        }
        return await(task, deadline);
    }

    /**
     * In {@code task}: suspends until {@link #wakeAll()}, a cancellation (thrown), or the
     * deadline (loop nanoseconds; {@link Long#MAX_VALUE} for none).
     *
     * @return false if the deadline passed first
     * @throws io.jasyncio.CancelledError if the task is cancelled
     */
    public boolean await(RealTask<?> task, long deadline) {
        task.checkCancel();
        DeadlineTimer timer = null;
        if (deadline != Long.MAX_VALUE) {
            timer = new DeadlineTimer(task);
            task.realLoop().addTimer(timer, deadline);
        }
        waiting.add(task);
        try {
            task.suspendOn(this);
        } finally {
            waiting.remove(task);
            if (timer != null) {
                timer.cancel();
            }
        }
        task.checkCancel();
        return timer == null || !timer.fired;
    }

    /** Wakes every waiter; each removes itself when it resumes. Loop context. */
    public void wakeAll() {
        for (int i = 0, n = waiting.size(); i < n; i++) {
            waiting.get(i).wake();
        }
    }

    @Override
    public void cancelWait(RealTask<?> waiter, String message) {
        waiting.remove(waiter);
        waiter.wake();
    }

    @Override
    public String toString() {
        return what;
    }

    /** Wakes its task when the deadline passes. */
    private static final class DeadlineTimer extends Callback {
        private final RealTask<?> task;
        boolean fired;

        DeadlineTimer(RealTask<?> task) {
            super(task.realLoop());
            this.task = task;
        }

        @Override
        public void run() {
            if (!isCancelled()) {
                fired = true;
                task.wake();
            }
        }
    }
}
