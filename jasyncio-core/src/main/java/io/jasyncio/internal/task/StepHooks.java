package io.jasyncio.internal.task;

import io.jasyncio.TaskStepListener;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The {@link TaskStepListener}s found on the path, as one listener or null. A {@code static
 * final} null lets the JIT drop the per-step test entirely when no integration is present.
 */
final class StepHooks {
    static final TaskStepListener LISTENER = load();
    private static final System.Logger LOG = System.getLogger("io.jasyncio");

    private StepHooks() {
    }

    private static TaskStepListener load() {
        List<TaskStepListener> found = new ArrayList<>();
        for (TaskStepListener l : ServiceLoader.load(TaskStepListener.class, StepHooks.class.getClassLoader())) {
            found.add(l);
        }
        if (found.isEmpty()) {
            return null;
        }
        if (found.size() == 1) {
            return found.getFirst();
        }
        TaskStepListener[] all = found.toArray(new TaskStepListener[0]);
        return new TaskStepListener() {
            @Override
            public void stepStarted(io.jasyncio.Task<?> task) {
                for (TaskStepListener l : all) {
                    l.stepStarted(task);
                }
            }

            @Override
            public void stepEnded(io.jasyncio.Task<?> task) {
                for (int i = all.length - 1; i >= 0; i--) {
                    all[i].stepEnded(task);
                }
            }

            @Override
            public void contextChanged() {
                for (TaskStepListener l : all) {
                    l.contextChanged();
                }
            }

            @Override
            public void offloadStarted() {
                for (TaskStepListener l : all) {
                    l.offloadStarted();
                }
            }

            @Override
            public void offloadEnded() {
                for (int i = all.length - 1; i >= 0; i--) {
                    all[i].offloadEnded();
                }
            }
        };
    }

    static void started(RealTask<?> t) {
        try {
            LISTENER.stepStarted(t);
        } catch (RuntimeException e) {
            t.realLoop().report("TaskStepListener.stepStarted failed", e, null, t, null);
        }
    }

    static void ended(RealTask<?> t) {
        try {
            LISTENER.stepEnded(t);
        } catch (RuntimeException e) {
            t.realLoop().report("TaskStepListener.stepEnded failed", e, null, t, null);
        }
    }

    /** After a context variable changed in a task or on a thread outside loops. */
    static void contextChanged() {
        if (LISTENER != null) {
            try {
                LISTENER.contextChanged();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "TaskStepListener.contextChanged failed", e);
            }
        }
    }

    /** Around an offloaded call, on its worker thread. */
    static void offload(boolean started) {
        if (LISTENER != null) {
            try {
                if (started) {
                    LISTENER.offloadStarted();
                } else {
                    LISTENER.offloadEnded();
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "TaskStepListener.offload" + (started ? "Started" : "Ended")
                        + " failed", e);
            }
        }
    }
}
