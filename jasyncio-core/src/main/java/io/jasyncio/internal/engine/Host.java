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
     * Records the fiber the loop is running now (thread-confinement checks, the watchdog). Called
     * on the fiber's own thread each time it starts or resumes.
     */
    void mounted(Fiber fiber);
}
