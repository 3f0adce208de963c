package io.jasyncio.internal.task;

import io.jasyncio.AsyncExecutionException;
import io.jasyncio.AsyncFuture;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The future state machine.
 *
 * <pre>
 *   PENDING --setResult--> FINISHED
 *   PENDING --setException--> FAILED
 *   PENDING --cancel--> CANCELLED
 * </pre>
 * No other transition; a second completion throws {@link IllegalStateException} naming the state.
 *
 * <p>Listeners are kept in one small array: task waiters are woken directly (their fiber step is
 * queued), user callbacks are queued through {@code callSoon}. Either way nothing runs inline.
 */
public class RealFuture<T> implements AsyncFuture<T>, Wait {

    enum State { PENDING, FINISHED, FAILED, CANCELLED }

    final RealEventLoop loop;
    /** Written on the loop, read anywhere through isDone/isCancelled. */
    private volatile State state = State.PENDING;
    private T value;
    private Throwable failure;
    private String cancelMessage;
    /**
     * The listeners in order: null, one {@link DoneListener}, or a {@code DoneListener[]} of
     * {@link #listenerCount} slots (null slots are removed ones). Most futures have at most one
     * (a waiting task, a group), so that case costs no array. Loop-confined.
     */
    private Object listeners;
    private int listenerCount;
    /** Set while a failure is not yet retrieved; cleared on retrieval. */
    private FailureTracker.Record unretrieved;

    RealFuture(RealEventLoop loop) {
        this.loop = loop;
    }

    // ---------------------------------------------------------------- state

    @Override
    public final boolean isDone() {
        return state != State.PENDING;
    }

    @Override
    public final boolean isCancelled() {
        return state == State.CANCELLED;
    }

    final State state() {
        return state;
    }

    @Override
    public T result() {
        return switch (state) {
            case FINISHED -> value;
            case PENDING -> throw new IllegalStateException(this + ": result is not set yet; await it or check isDone() first");
            case CANCELLED -> throw loop.cancelledError(cancelMessage);
            case FAILED -> {
                retrieved();
                throw rethrowable(failure, this);
            }
        };
    }

    @Override
    public Throwable exception() {
        return switch (state) {
            case FINISHED -> null;
            case PENDING -> throw new IllegalStateException(this + ": exception is not set yet; await it or check isDone() first");
            case CANCELLED -> throw loop.cancelledError(cancelMessage);
            case FAILED -> {
                retrieved();
                yield failure;
            }
        };
    }

    /** What {@code result()} throws for {@code t}: itself if unchecked, else wrapped. */
    static RuntimeException rethrowable(Throwable t, Object from) {
        if (t instanceof RuntimeException re) {
            return re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new AsyncExecutionException(from + " failed with " + t, t);
    }

    /** The message the future was cancelled with, or null (none given, or not cancelled). */
    public final String cancelMessage() {
        return cancelMessage;
    }

    @Override
    public void setResult(T v) {
        checkLoop("setResult");
        if (state != State.PENDING) {
            throw new IllegalStateException(this + " is already done: setResult() may be called once; check isDone() first");
        }
        complete(State.FINISHED, v, null, null);
    }

    @Override
    public void setException(Throwable t) {
        checkLoop("setException");
        if (t instanceof CancelledError) {
            throw new IllegalArgumentException("setException(CancelledError): use cancel(message) to cancel a future");
        }
        if (state != State.PENDING) {
            throw new IllegalStateException(this + " is already done: setException() may be called once; check isDone() first");
        }
        complete(State.FAILED, null, java.util.Objects.requireNonNull(t, "exception"), null);
    }

    @Override
    public boolean cancel(String message) {
        checkLoop("cancel");
        if (state != State.PENDING) {
            return false;
        }
        complete(State.CANCELLED, null, null, message);
        return true;
    }

    final void complete(State s, T v, Throwable t, String msg) {
        value = v;
        failure = t;
        cancelMessage = msg;
        state = s;
        if (s == State.FAILED) {
            unretrieved = loop.failures().track(this, t);
        }
        onDone();
        Object ls = listeners;
        int n = listenerCount;
        listeners = null;
        listenerCount = 0;
        if (ls instanceof DoneListener one) {
            one.futureDone(this);
        } else if (ls != null) {
            DoneListener[] all = (DoneListener[]) ls;
            for (int i = 0; i < n; i++) {
                DoneListener l = all[i];
                if (l != null) {
                    l.futureDone(this);
                }
            }
        }
    }

    /** Hook for subclasses, run before listeners. */
    void onDone() {
    }

    final void retrieved() {
        FailureTracker.Record r = unretrieved;
        if (r != null) {
            unretrieved = null;
            r.retrieved();
        }
    }

    // ---------------------------------------------------------------- listeners

    /** Adds an internal listener (inline at completion; see {@link DoneListener}). Loop context. */
    public final void addListener(DoneListener l) {
        if (state != State.PENDING) {
            l.futureDone(this);
            return;
        }
        Object ls = listeners;
        if (ls == null) {
            listeners = l;
            listenerCount = 1;
        } else if (ls instanceof DoneListener one) {
            DoneListener[] all = new DoneListener[4];
            all[0] = one;
            all[1] = l;
            listeners = all;
            listenerCount = 2;
        } else {
            DoneListener[] all = (DoneListener[]) ls;
            if (listenerCount == all.length) {
                all = Arrays.copyOf(all, listenerCount * 2);
                listeners = all;
            }
            all[listenerCount++] = l;
        }
    }

    public final void removeListener(DoneListener l) {
        Object ls = listeners;
        if (ls == l) {
            listeners = null;
            listenerCount = 0;
        } else if (ls instanceof DoneListener[] all) {
            for (int i = 0; i < listenerCount; i++) {
                if (all[i] == l) {
                    all[i] = null;
                    return;
                }
            }
        }
    }

    @Override
    public void addDoneCallback(Consumer<? super AsyncFuture<T>> callback) {
        checkLoop("addDoneCallback");
        addListener(new UserCallback<>(this, callback, loop.currentContext()));
    }

    @Override
    public int removeDoneCallback(Consumer<? super AsyncFuture<T>> callback) {
        checkLoop("removeDoneCallback");
        Object ls = listeners;
        if (ls instanceof UserCallback<?> u && u.callback == callback) {
            listeners = null;
            listenerCount = 0;
            return 1;
        }
        int removed = 0;
        if (ls instanceof DoneListener[] all) {
            for (int i = 0; i < listenerCount; i++) {
                if (all[i] instanceof UserCallback<?> u && u.callback == callback) {
                    all[i] = null;
                    removed++;
                }
            }
        }
        return removed;
    }

    /** A user's done callback: scheduled through the loop in the context it was added from. */
    private record UserCallback<T>(RealFuture<T> future, Consumer<? super AsyncFuture<T>> callback,
                                   Object context) implements DoneListener {
        @Override
        public void futureDone(RealFuture<?> f) {
            future.loop.callSoonIn(context, () -> callback.accept(future));
        }
    }

    // ---------------------------------------------------------------- awaiting

    @Override
    public T await() {
        RealTask<?> t = RealTask.currentFor(loop, "await()");
        return t.awaitFuture(this);
    }

    /** The waiter side of cancellation: a task awaiting this future was cancelled. */
    @Override
    public void cancelWait(RealTask<?> waiter, String message) {
        cancel(message);
    }

    final void checkLoop(String what) {
        // the message is built only when the check fails: this runs on every completion
        if (!loop.mayTouch()) {
            loop.wrongThread("AsyncFuture." + what);
        }
    }

    @Override
    public final EventLoop loop() {
        return loop;
    }

    @Override
    public String toString() {
        String s = switch (state) {
            case PENDING -> "pending";
            case FINISHED -> "finished result=" + value;
            case FAILED -> "failed exception=" + failure;
            case CANCELLED -> "cancelled";
        };
        return "Future[" + s + "]";
    }
}
