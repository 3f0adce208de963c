package io.jasyncio.internal.task;

/**
 * Told, in the loop context, that a future is done. Runs inline at completion, so it must only
 * update bookkeeping or schedule work, never run user code (user callbacks go through callSoon).
 */
public interface DoneListener {
    void futureDone(RealFuture<?> future);
}
