package io.jasyncio.internal.io;

import io.jasyncio.internal.task.RealEventLoop;

/** The thread check of loop-confined I/O objects' non-suspending methods. */
public final class Confinement {
    private Confinement() {
    }

    /**
     * Throws unless the caller is in {@code loop}'s context (or the loop is not running yet, so
     * the thread setting it up may use it).
     *
     * @throws WrongThreadException naming the object, the method and the thread-safe alternative
     */
    public static void check(RealEventLoop loop, Object owner, String what) {
        if (loop.driverThread() != null && !loop.inLoopContext()) {
            throw new WrongThreadException(owner + ": " + what + " was called from thread '"
                    + Thread.currentThread().getName() + "', but it belongs to " + loop
                    + "; call it from a task of that loop, or hand it over with loop.callSoonThreadsafe(...)");
        }
    }
}
