package io.jasyncio.internal.io;

import io.jasyncio.internal.engine.LoopEngine;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * Threads for blocking I/O (pipe pumps, file reads, process spawns): virtual threads on the
 * JDK's default scheduler, never on the event loop (see {@link LoopEngine#jdkSchedulerFactory}:
 * on the loop engine a thread started from a task would otherwise inherit the loop as its
 * scheduler, and a blocking file or pipe read there cannot unmount).
 */
public final class IoThreads {
    private IoThreads() {
    }

    private static final ThreadFactory THREADS = LoopEngine.jdkSchedulerFactory("jasyncio-blocking-io-");

    /** Runs each command on a new default-scheduler virtual thread. */
    public static final Executor EXECUTOR = command -> THREADS.newThread(command).start();

    /** Starts {@code body} on a new default-scheduler virtual thread named {@code name}. */
    public static void start(String name, Runnable body) {
        Thread t = THREADS.newThread(body);
        t.setName(name);
        t.start();
    }
}
