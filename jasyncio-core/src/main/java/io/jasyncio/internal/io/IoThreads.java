package io.jasyncio.internal.io;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Threads for blocking I/O (pipe pumps, file reads, process spawns): virtual threads on the
 * JDK's default scheduler.
 *
 * <p>Why not {@code Thread.ofVirtual().start(...)} from the task: a virtual thread created by a
 * virtual thread inherits its scheduler, and on the loop engine a task's scheduler is the event
 * loop. A blocking file or pipe read on such a thread cannot unmount (the JDK pins the carrier
 * for file I/O), so it would block the loop's own thread. Created from a platform thread, the
 * new thread gets the default scheduler, whose carriers the JDK compensates while they block.
 */
public final class IoThreads {
    private IoThreads() {
    }

    /** One platform thread that only starts virtual threads; idle otherwise. */
    private static final ExecutorService SPAWNER = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().daemon().name("jasyncio-io-spawner").unstarted(r));

    /** Runs each command on a new default-scheduler virtual thread. */
    public static final Executor EXECUTOR = command -> start("jasyncio-blocking-io", command);

    /** Starts {@code body} on a new default-scheduler virtual thread named {@code name}. */
    public static void start(String name, Runnable body) {
        if (Thread.currentThread().isVirtual()) {
            SPAWNER.execute(() -> Thread.ofVirtual().name(name).start(body));
        } else {
            Thread.ofVirtual().name(name).start(body);
        }
    }
}
