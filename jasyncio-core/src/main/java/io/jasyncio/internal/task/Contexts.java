package io.jasyncio.internal.task;

import io.jasyncio.internal.loop.SelectorLoop;
import java.util.concurrent.Callable;

/**
 * Where the current context-variable snapshot ({@link ContextMap}) lives, by kind of code:
 * a task keeps its own ({@code RealTask.context}), a callback runs in the one captured when it
 * was scheduled ({@code SelectorLoop.callbackContext}), and any other thread (a
 * {@code toThread} worker, the main thread) has one per thread, which {@link #callIn} sets for
 * the duration of a call.
 */
public final class Contexts {
    /** The context of threads that are neither a task nor a running loop's driver. */
    private static final ThreadLocal<Object> THREAD = new ThreadLocal<>();

    private Contexts() {
    }

    /** The snapshot the calling code runs in; never null. */
    public static ContextMap current() {
        Object c = currentRaw();
        return c == null ? ContextMap.EMPTY : (ContextMap) c;
    }

    /** The snapshot the calling code runs in, or null for the empty one. */
    static Object currentRaw() {
        RealTask<?> t = RealTask.current();
        if (t != null) {
            return t.context;
        }
        SelectorLoop loop = SelectorLoop.drivenByCurrentThread();
        if (loop != null) {
            return loop.callbackContext();
        }
        return THREAD.get();
    }

    /**
     * Replaces the calling code's snapshot: the task's, the callback's (for the rest of that
     * callback) or the thread's.
     */
    public static void replace(ContextMap c) {
        RealTask<?> t = RealTask.current();
        if (t != null) {
            t.context = c;
            StepHooks.contextChanged();
            return;
        }
        SelectorLoop loop = SelectorLoop.drivenByCurrentThread();
        if (loop != null) {
            // not told: a callback's thread-bound state would leak into the loop's next callbacks
            loop.callbackContext(c);
            return;
        }
        THREAD.set(c);
        StepHooks.contextChanged();
    }

    /**
     * The identity of the calling code's context holder (a task, a loop running a callback, a
     * thread), so a token can be checked to be reset where it was made.
     */
    public static Object holder() {
        RealTask<?> t = RealTask.current();
        if (t != null) {
            return t;
        }
        SelectorLoop loop = SelectorLoop.drivenByCurrentThread();
        return loop != null ? loop : Thread.currentThread();
    }

    /**
     * Runs an offloaded call {@code fn} on this worker thread in {@code context}, then restores
     * the thread's own; step listeners are told around it.
     */
    public static <T> T callIn(Object context, Callable<T> fn) throws Exception {
        Object saved = THREAD.get();
        THREAD.set(context);
        StepHooks.offload(true);
        try {
            return fn.call();
        } finally {
            StepHooks.offload(false);
            THREAD.set(saved);
        }
    }
}
