package io.jasyncio;

/**
 * Thrown in a task that tried to suspend while its virtual thread was pinned to the loop thread
 * (a native frame or a class initializer on its stack), on the loop engine.
 *
 * <p>Such a suspension cannot unmount, so the loop could run nothing else until it ended: a
 * silent deadlock. The loop's watchdog notices the pinned park within about 100 ms, wakes the
 * task and throws this exception there, naming the frame that pinned it. Suspensions inside
 * other pinning JDK code (a blocking call in a class initializer) are not detected.
 */
public final class PinnedSuspensionException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** With a message naming the pinning frame and what to do. */
    public PinnedSuspensionException(String message) {
        super(message);
    }
}
