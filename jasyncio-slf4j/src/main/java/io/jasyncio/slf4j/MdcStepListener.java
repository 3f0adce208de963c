package io.jasyncio.slf4j;

import io.jasyncio.Task;
import io.jasyncio.TaskStepListener;

/**
 * The {@link TaskStepListener} this module provides: {@link MdcContext#apply()} when a task
 * step or an offloaded call starts and when a context variable changes, {@link MdcContext#clear()}
 * when the step or call ends. Found by {@link java.util.ServiceLoader}; users do not create it.
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

    @Override
    public void contextChanged() {
        if (!MdcContext.MAPPINGS.isEmpty()) {
            MdcContext.apply();
        }
    }

    @Override
    public void offloadStarted() {
        contextChanged();
    }

    @Override
    public void offloadEnded() {
        if (!MdcContext.MAPPINGS.isEmpty()) {
            MdcContext.clear();
        }
    }
}
