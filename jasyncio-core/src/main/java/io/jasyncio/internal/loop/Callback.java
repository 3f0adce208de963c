package io.jasyncio.internal.loop;

import io.jasyncio.TimerHandle;

/**
 * A scheduled callback: the entry of the ready queue for {@code callSoon} and of the timer heap
 * for {@code callLater}/{@code callAt}.
 *
 * <p>{@link #cancelled} is volatile because {@link #cancel()} may come from any thread; every
 * other field is loop-confined. A cancelled entry is skipped when it is reached (lazy removal).
 */
public class Callback implements TimerHandle, Runnable {
    private final SelectorLoop loop;
    private final Runnable action;
    /** The context (context variables) of the code that scheduled it; opaque to this layer. */
    private final Object context;
    private volatile boolean cancelled;
    /** Due time in loop nanoseconds; meaningful for timers only. */
    long when;
    /** Scheduling order: breaks ties between timers due at the same time. */
    long seq;
    /** Position in the timer heap, {@code -1} when not in it. */
    int heapIndex = -1;
    /** Whether the timer heap counted this entry as cancelled (loop-confined; see TimerHeap). */
    boolean cancelCounted;
    /** The loop that keeps the count of cancelled timers, or null for ready-queue entries. */
    SelectorLoop timerOf;

    /** A timer whose subclass overrides {@link #run()}: no action, no context. */
    protected Callback(SelectorLoop loop) {
        this(loop, null, null);
    }

    public Callback(SelectorLoop loop, Runnable action, Object context) {
        this.loop = loop;
        this.action = action;
        this.context = context;
    }

    /** Runs the action in the context it was scheduled from, unless cancelled. */
    @Override
    public void run() {
        runInContext();
    }

    /** The body of {@link #run()}, for subclasses that override it to skip the context switch. */
    protected final void runInContext() {
        if (cancelled) {
            return;
        }
        Object saved = loop.callbackContext;
        loop.callbackContext = context;
        try {
            action.run();
        } finally {
            loop.callbackContext = saved;
        }
    }

    @Override
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            SelectorLoop loop = timerOf;
            if (loop != null) {
                loop.timerCancelled(this);
            }
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public long when() {
        return when;
    }

    /** The scheduled action, for debug reports. */
    public Runnable action() {
        return action;
    }

    @Override
    public String toString() {
        return (timerOf != null ? "TimerHandle[when=" + when + ", " : "Handle[")
                + action + (cancelled ? ", cancelled]" : "]");
    }
}
