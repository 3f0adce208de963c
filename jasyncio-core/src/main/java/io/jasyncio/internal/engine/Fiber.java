package io.jasyncio.internal.engine;

/**
 * One task body on one virtual thread, resumed only by its loop.
 *
 * <p><b>Protocol.</b> The loop calls {@link #start()} once and {@link #unpark()} to make a parked
 * fiber ready; the fiber calls {@link #park()} to suspend and {@link #yieldNow()} to go to the
 * back of the ready queue. {@code unpark} may come before the matching {@code park} (the wake-up
 * is kept, like a {@code LockSupport} permit), never twice for one park.
 */
public abstract class Fiber {
    /** The owner given to {@link Engine#newFiber}; set once by the engine as it creates the fiber. */
    Thread.UncaughtExceptionHandler owner;

    /**
     * The owner given to {@link Engine#newFiber} (the task), also after the thread has ended,
     * when the thread no longer reports its handler: a slow-step report names a task that ended
     * in that very step.
     */
    public final Thread.UncaughtExceptionHandler owner() {
        return owner;
    }

    /** Loop context: schedules the first run of the body. */
    public abstract void start();

    /** Loop context: makes the parked fiber ready; it runs after the callbacks already queued. */
    public abstract void unpark();

    /**
     * In the fiber: suspends until {@link #unpark()}. Returns on the loop, with the fiber
     * mounted again.
     *
     * @throws PinnedSuspensionException if the fiber could not unmount (loop engine only)
     */
    public abstract void park();

    /** In the fiber: goes to the back of the ready queue and lets every ready callback run once. */
    public abstract void yieldNow();

    /**
     * Loop context, instead of {@link #start()}: runs this fiber's body at once, until it first
     * parks or ends (an eager start).
     *
     * @param caller the fiber of the same engine calling now, which is suspended meanwhile and
     *     resumes right after that first step, before any other queued callback; or null when
     *     the caller is a plain callback on the loop's driver thread
     */
    public abstract void startNow(Fiber caller);

    /** The virtual thread that runs the body; null until the loop has run its first step. */
    public abstract Thread thread();

    /**
     * Loop engine only: how long ago this fiber entered {@link #park()} without unmounting, in
     * nanoseconds, or {@code -1}. Used by the watchdog to detect a pinned suspension.
     */
    public long pinnedParkSince() {
        return -1;
    }

    /**
     * Called by the watchdog when {@link #pinnedParkSince()} shows a park that could not unmount:
     * the fiber wakes on its carrier and {@link #park()} throws {@link PinnedSuspensionException}.
     */
    public void failPinned(StackTraceElement[] stack) {
        throw new UnsupportedOperationException();
    }
}
