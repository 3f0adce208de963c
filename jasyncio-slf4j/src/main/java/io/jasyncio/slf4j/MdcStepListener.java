package io.jasyncio.slf4j;

import io.jasyncio.Task;
import io.jasyncio.TaskStepListener;

/**
 * The {@link TaskStepListener} this module provides: {@link MdcContext#apply()} when a task
 * step starts, {@link MdcContext#clear()} when it ends. Found by {@link java.util.ServiceLoader};
 * users do not create it.
 */
public final class MdcStepListener implements TaskStepListener {

    /** For {@link java.util.ServiceLoader}. */
    public MdcStepListener() {
    }

    @Override
    public void stepStarted(Task<?> task) {
        if (!MdcContext.MAPPINGS.isEmpty()) {
            MdcContext.apply();
        }
    }

    @Override
    public void stepEnded(Task<?> task) {
        if (!MdcContext.MAPPINGS.isEmpty()) {
            MdcContext.clear();
        }
    }
}
