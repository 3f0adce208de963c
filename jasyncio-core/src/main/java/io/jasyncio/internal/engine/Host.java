package io.jasyncio.internal.engine;

/**
 * What an engine needs from the loop that owns it: a ready queue, and a way to tell which
 * thread is running on the loop now.
 */
public interface Host {

    /**
     * Appends {@code step} to the loop's ready queue. Safe from any thread: from the loop's own
     * context it is a plain append, from elsewhere it goes through the thread-safe inbox and
     * wakes the selector if the loop sleeps.
     */
    void schedule(Runnable step);

    /**
     * Runs {@code step} right after the step running now returns, before any other queued
     * callback and before the steps passed here earlier (last in, first out, so nested eager
     * starts unwind like nested calls). Loop context only; for an eager start, where a new
     * fiber's first step and then its creator's resumption must come next: pass the resumption
     * first, then the first step.
     */
    void runNext(Runnable step);

    /**
     * Records the fiber the loop is running now (thread-confinement checks, the watchdog). Called
     * on the fiber's own thread each time it starts or resumes.
     */
    void mounted(Fiber fiber);
}
