package io.jasyncio.internal.engine;

/**
 * Runs task bodies as virtual threads, one at a time, only when the loop says so.
 *
 * <p>This is the only code that suspends or resumes a task. It knows nothing of tasks,
 * futures or cancellation: a {@link Fiber} is a body, a thread, and a park/unpark pair. The
 * interface is kept this small so that another engine (raw continuations, a JNI fiber, a
 * future JDK scheduler API) can be added without touching the layers above.
 */
public interface Engine {


    /**
     * Creates a fiber that runs {@code body} the first time the loop resumes it. Loop thread only.
     *
     * @param name the thread name (the task's name, so thread dumps show tasks)
     * @param body the task body; it must not let any throwable escape
     * @param owner installed as the thread's uncaught-exception handler; the task layer also
     *     uses it to find the task of the calling thread without a ThreadLocal (no per-task map);
     *     kept as {@link Fiber#owner()}
     */
    Fiber newFiber(String name, Runnable body, Thread.UncaughtExceptionHandler owner);

    /**
     * Whether the thread that drives the loop must be virtual ({@code true}: the portable engine,
     * where hand-offs between virtual threads are cheap) or a platform thread ({@code false}: the
     * loop engine, whose driver is the carrier of every task and a virtual thread cannot carry
     * others).
     */
    boolean wantsVirtualDriver();
}
