package io.jasyncio;

/**
 * Told when each task step starts and ends: a step is the stretch a task runs between two
 * suspensions. Meant for integrations that keep thread-bound state in line with the task, such
 * as copying context variables into a logging MDC (the {@code jasyncio-slf4j} module does).
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
}
