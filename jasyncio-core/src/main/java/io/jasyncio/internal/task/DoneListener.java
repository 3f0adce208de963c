package io.jasyncio.internal.task;

/** Told, in the loop context, that a future is done; must only schedule work, never run it. */
interface DoneListener {
    void futureDone(RealFuture<?> future);
}
