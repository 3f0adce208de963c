package io.jasyncio.internal.task;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs blocking code off the loop and brings its outcome back to the awaiting task
 * ({@code asyncio.to_thread}, {@code loop.run_in_executor}).
 *
 * <p>The worker reports through the loop's thread-safe inbox; the loop counts the call as
 * external work so a virtual clock does not jump while it runs. A cancelled caller stops
 * waiting at once; the worker's outcome is then dropped (the thread itself is not
 * interrupted).
 */
public final class Offload {
    private Offload() {
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
                io.jasyncio.internal.engine.LoopEngine.jdkSchedulerFactory("jasyncio-to-thread-" + loop.id() + "-"));
    }
}
