package io.jasyncio.internal.task;

import io.jasyncio.internal.engine.LoopEngine;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * Runs blocking code off the loop and brings its outcome back to the awaiting task
 * ({@code asyncio.to_thread}, {@code loop.run_in_executor}).
 *
 * <p>The worker reports through the loop's thread-safe inbox; the loop counts the call as
 * external work so a virtual clock does not jump while it runs. A cancelled caller stops
 * waiting at once; the worker's outcome is then dropped (the thread itself is not
 * interrupted).
 *
 * <p>This is the one place that makes threads for blocking work: calls ({@code toThread}, name
 * lookups, file operations, process spawns) run on the loop's default executor, and the
 * long-lived pumps of subprocess pipes on {@link #startThread}. Both are virtual threads on the
 * JDK's scheduler, never on the event loop (see {@link LoopEngine#jdkSchedulerFactory}).
 */
public final class Offload {
    private Offload() {
    }

    private static final ThreadFactory PUMPS = LoopEngine.jdkSchedulerFactory("jasyncio-pump-");

    /**
     * Starts {@code body} on a new virtual thread named {@code name}, for a pump that blocks for
     * the lifetime of an I/O object (a pipe's reads or writes). Not on the default executor:
     * closing the loop waits for that executor's calls, and a pump ends only when its object is
     * closed.
     */
    public static void startThread(String name, Runnable body) {
        Thread t = PUMPS.newThread(body);
        t.setName(name);
        t.start();
    }

    /** In a task: runs {@code fn} on the loop's default executor and waits for its outcome. */
    public static <T> T toThread(Callable<T> fn) {
        RealTask<?> task = RealTask.currentFor(null, "toThread()");
        return run(task, task.realLoop().defaultExecutor(), fn);
    }

    /** In {@code task}: runs {@code fn} on {@code executor} and waits for its outcome. */
    public static <T> T run(RealTask<?> task, java.util.concurrent.Executor executor, Callable<T> fn) {
        RealEventLoop loop = task.realLoop();
        RealFuture<T> f = new RealFuture<>(loop);
        task.checkCancel();
        loop.externalStarted();
        try {
            executor.execute(() -> {
                T value = null;
                Throwable failure = null;
                try {
                    value = fn.call();
                } catch (Throwable t) {
                    failure = t;
                }
                T v = value;
                Throwable e = failure;
                try {
                    loop.scheduleFromOutside(() -> {
                        if (!f.isDone()) {
                            if (e != null) {
                                f.setException(e);
                            } else {
                                f.setResult(v);
                            }
                        }
                    });
                } finally {
                    loop.externalEnded();
                }
            });
        } catch (RuntimeException rejected) {
            loop.externalEnded();
            throw rejected;
        }
        return task.awaitFuture(f);
    }

    /** The default executor: a new virtual thread per call. */
    static ExecutorService newDefaultExecutor(RealEventLoop loop) {
        return Executors.newThreadPerTaskExecutor(
                LoopEngine.jdkSchedulerFactory("jasyncio-to-thread-" + loop.id() + "-"));
    }
}
