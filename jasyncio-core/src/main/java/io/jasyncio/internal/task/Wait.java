package io.jasyncio.internal.task;

/**
 * What a suspended task waits on. When the task is cancelled while it waits, the loop calls
 * {@link #cancelWait}, which must make sure the task is woken exactly once: a future cancels
 * itself (which wakes its waiters), a task forwards the request and keeps its waiter until it
 * ends, a timer drops itself and wakes the task.
 */
public interface Wait {
    void cancelWait(RealTask<?> waiter, String message);
}
