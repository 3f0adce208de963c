package io.jasyncio;

/**
 * Told when each task step starts and ends (a step is the stretch a task runs between two
 * suspensions), when code changes its context variables, and when an offloaded call starts and
 * ends on a worker thread. Meant for integrations that keep thread-bound state in line with the
 * context, such as copying context variables into a logging MDC (the {@code jasyncio-slf4j}
 * module does).
 *
 * <p><b>Registration.</b> Implementations are found once per JVM with
 * {@link java.util.ServiceLoader} ({@code provides io.jasyncio.TaskStepListener with ...} or
 * {@code META-INF/services/io.jasyncio.TaskStepListener}), when the first task is created. With
 * none on the path, the task layer pays one test of a {@code static final} field per step.
 *
 * <p><b>Threads.</b> Both methods run on the task's own thread, in the task, on the loop: they
 * must be quick and must not suspend. {@link ContextVar#get()} reads the task's context there.
 * A failure thrown by a listener is reported to the loop's exception handler and ignored.
 */
public interface TaskStepListener {

    /** The task starts running: its first step, or a step after a suspension. */
    void stepStarted(Task<?> task);

    /** The task is about to suspend, or its body has ended. */
    void stepEnded(Task<?> task);

    /**
     * The calling code has just set or reset a {@link ContextVar}: in a task (between
     * {@link #stepStarted} and {@link #stepEnded}) or on a thread outside any loop, never in a
     * loop callback. Runs on that thread, after the change, so {@link ContextVar#get()} sees
     * the new value. Must be quick and must not suspend; a failure is logged and ignored.
     * The default does nothing.
     */
    default void contextChanged() {
    }

    /**
     * A worker thread starts an offloaded call ({@code Asyncio.toThread}, {@code compute},
     * {@code runInExecutor}) in the context copied from the task that offloaded it; runs on the
     * worker, where {@link ContextVar#get()} reads that context. A failure is logged and
     * ignored. The default does nothing.
     */
    default void offloadStarted() {
    }

    /** The offloaded call started by {@link #offloadStarted} has ended; runs on the worker. */
    default void offloadEnded() {
    }
}
