package io.jasyncio.internal.task;

import io.jasyncio.CancelledError;
import io.jasyncio.ThreadOptions;
import io.jasyncio.internal.engine.LoopEngine;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs blocking or CPU-heavy code off the loop and brings its outcome back to the awaiting task
 * ({@code asyncio.to_thread}, {@code loop.run_in_executor}), and runs tasks for other threads
 * ({@code asyncio.run_coroutine_threadsafe}).
 *
 * <p>A call ({@link ThreadCall}) is the awaiting task's {@link Wait}: the worker reports through
 * the loop's thread-safe inbox, and the loop counts the call as external work so a virtual clock
 * does not jump while it runs. The worker runs in a copy of the task's context.
 *
 * <p>This is the one place that makes threads for blocking work: calls ({@code toThread}, name
 * lookups, file operations, process spawns) run on the loop's default executor, and the
 * long-lived pumps of subprocess pipes on {@link #startThread}. Both are virtual threads on the
 * JDK's scheduler, never on the event loop (see {@link LoopEngine#jdkSchedulerFactory}).
 */
public final class Offload {
    private static final System.Logger LOG = System.getLogger("io.jasyncio");

    private Offload() {
    }

    private static final ThreadFactory PUMPS = LoopEngine.jdkSchedulerFactory("jasyncio-pump-");

    /**
     * Starts {@code body} on a new virtual thread named {@code name}, for a pump that blocks for
     * the lifetime of an I/O object (a pipe's reads or writes). Not on the default executor:
     * {@code Asyncio.run} waits for that executor's calls before it closes the loop, and a pump
     * ends only when its object is closed.
     */
    public static void startThread(String name, Runnable body) {
        Thread t = PUMPS.newThread(body);
        t.setName(name);
        t.start();
    }

    /** In a task: runs {@code fn} on the loop's default executor and waits for its outcome. */
    public static <T> T toThread(Callable<T> fn) {
        return toThread(ThreadOptions.defaults(), fn);
    }

    /** In a task: runs {@code fn} with {@code options} and waits for its outcome. */
    public static <T> T toThread(ThreadOptions options, Callable<T> fn) {
        RealTask<?> task = RealTask.currentFor(null, "toThread()");
        Executor e = options.executor() != null ? options.executor() : task.realLoop().defaultExecutor();
        return new ThreadCall<>(task, fn, options).await(e);
    }

    /** In a task: runs {@code fn} on {@code executor} (null: the default one) and waits for its outcome. */
    public static <T> T run(Executor executor, Callable<T> fn) {
        return toThread(ThreadOptions.defaults().withExecutor(executor), fn);
    }

    /** In {@code task}: runs {@code fn} on {@code executor} with the default options and waits for its outcome. */
    public static <T> T run(RealTask<?> task, Executor executor, Callable<T> fn) {
        return new ThreadCall<>(task, fn, ThreadOptions.defaults()).await(executor);
    }

    /** In a task: runs CPU-heavy {@code fn} on the shared CPU pool and waits for its outcome. */
    public static <T> T compute(Callable<T> fn) {
        return run(CpuPool.POOL, fn);
    }

    /** The pool {@link #compute} uses. */
    public static ExecutorService cpuPool() {
        return CpuPool.POOL;
    }

    /** One call on another thread, from the awaiting task's side and the worker's. */
    private static final class ThreadCall<T> implements Wait {
        private final RealTask<?> task;
        private final RealEventLoop loop;
        private final Callable<T> fn;
        private final ThreadOptions options;
        private final Object context;
        /** The thread running fn; guarded by this, so an interrupt never hits the thread's next job. */
        private Thread worker;
        // loop-confined
        private T value;
        private Throwable failure;
        private boolean done;
        private boolean abandoned;
        private AutoCloseable token;

        ThreadCall(RealTask<?> task, Callable<T> fn, ThreadOptions options) {
            this.task = task;
            this.loop = task.realLoop();
            this.fn = fn;
            this.options = options;
            this.context = task.context;
        }

        T await(Executor executor) {
            task.checkCancel();
            if (options.limiter() != null) {
                token = options.limiter().get();
            }
            loop.externalStarted();
            if (executor == loop.defaultExecutorOrNull() || executor == CpuPool.POOL) {
                submit(executor);
            } else {
                // A user's executor may create its thread in execute(); a virtual thread created
                // by a task inherits the task's scheduler, which on the loop engine is the loop,
                // so the "off the loop" call would run on the loop thread. Hand it over from the
                // loop's driver instead (ToThreadTest#workersRunOffTheLoopThread).
                loop.schedule(() -> submit(executor));
            }
            while (!done && !abandoned) {
                task.suspendOn(this);
            }
            if (abandoned) {
                task.checkCancel();
                throw new CancelledError("toThread() abandoned on cancellation");
            }
            if (failure != null) {
                task.checkCancel();   // a failure caused by the interrupt gives way to the cancellation
                throw RealFuture.rethrowable(failure, "toThread() call");
            }
            return value;
        }

        /** On the loop, in a callback: starts the worker unless the caller gave up already. */
        private void submit(Executor executor) {
            if (abandoned) {
                loop.externalEnded();   // cancelled before it started: the call never runs
                releaseToken();
                return;
            }
            try {
                executor.execute(this::work);
            } catch (RuntimeException rejected) {
                loop.externalEnded();
                finish(null, rejected);
            }
        }

        /** On the worker thread. */
        private void work() {
            synchronized (this) {
                worker = Thread.currentThread();
            }
            T v = null;
            Throwable e = null;
            try {
                v = Contexts.callIn(context, fn);
            } catch (Throwable t) {
                e = t;
            } finally {
                synchronized (this) {
                    worker = null;
                }
                Thread.interrupted();   // an interrupt meant for this call must not reach the thread's next job
            }
            T result = v;
            Throwable failed = e;
            try {
                loop.scheduleFromOutside(() -> finish(result, failed));
            } finally {
                loop.externalEnded();
            }
        }

        /** On the loop: the worker ended. */
        private void finish(T v, Throwable e) {
            value = v;
            failure = e;
            done = true;
            releaseToken();
            if (!abandoned) {
                task.wake();
            }
        }

        private void releaseToken() {
            AutoCloseable t = token;
            token = null;
            if (t != null) {
                try {
                    t.close();
                } catch (Exception ex) {
                    loop.report("error while releasing the limiter token of a toThread() call", ex, null, task, null);
                }
            }
        }

        @Override
        public void cancelWait(RealTask<?> waiter, String message) {
            if (options.interruptOnCancel()) {
                synchronized (this) {
                    if (worker != null) {
                        worker.interrupt();
                    }
                }
            }
            if (options.abandonOnCancel()) {
                abandoned = true;
                task.wake();
            }
        }

        @Override
        public String toString() {
            return "toThread";
        }
    }

    // ---------------------------------------------------------------- from other threads

    /**
     * From any thread: runs {@code body} as a task of {@code loop}; the returned future completes
     * with its outcome, and cancelling the future cancels the task.
     */
    public static <T> CompletableFuture<T> submit(RealEventLoop loop, io.jasyncio.AsyncCallable<T> body) {
        CompletableFuture<T> cf = new CompletableFuture<>();
        // accepted means it runs (EventLoop.callSoonThreadsafe), possibly inside close(): then
        // createTask refuses and the future fails with that "is closed" error instead of hanging
        loop.callSoonThreadsafe(() -> {
            if (cf.isDone()) {
                return;   // cancelled before it started
            }
            RealTask<T> t;
            try {
                t = (RealTask<T>) loop.createTask(null, body);
            } catch (IllegalStateException e) {
                cf.completeExceptionally(e);
                return;
            }
            // a task still pending when the loop closes never ends: fail the future then
            AutoCloseable orphaned = () -> cf.completeExceptionally(new IllegalStateException(loop
                    + " was closed while the task submitted by runCoroutineThreadsafe, " + t + ", was still "
                    + "pending; it will never finish (close loops with Asyncio.run, or wait for the future first)"));
            loop.closeWithLoop(orphaned);
            t.addListener(f -> {
                loop.forgetOnClose(orphaned);
                if (t.isCancelled()) {
                    cf.cancel(false);
                } else if (t.exception() != null) {
                    cf.completeExceptionally(t.exception());
                } else {
                    cf.complete(t.result());
                }
            });
            cf.whenComplete((v, e) -> {
                if (cf.isCancelled() && !t.isDone()) {
                    // dropped when the loop has closed meanwhile: the task cannot run any more
                    loop.scheduleFromOutside(() -> t.cancel("the CompletableFuture returned by "
                            + "runCoroutineThreadsafe was cancelled"));
                }
            });
        });
        return cf;
    }

    // ---------------------------------------------------------------- executors

    /** The default executor: a new virtual thread per call. */
    static ExecutorService newDefaultExecutor(RealEventLoop loop) {
        return Executors.newThreadPerTaskExecutor(
                LoopEngine.jdkSchedulerFactory("jasyncio-to-thread-" + loop.id() + "-"));
    }

    /**
     * In a task: shuts the loop's default executor down and waits up to {@code timeout} for its
     * calls to finish, on a helper thread so the loop keeps running.
     */
    static void shutdownDefaultExecutor(RealEventLoop loop, ExecutorService executor, Duration timeout) {
        if (executor == null) {
            return;
        }
        executor.shutdown();
        long nanos = RealEventLoop.saturatedNanos(timeout);
        Callable<Boolean> waitFor = () -> executor.awaitTermination(nanos, TimeUnit.NANOSECONDS);
        ExecutorService waiter = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().name("jasyncio-shutdown-" + loop.id()).factory());
        try {
            boolean finished = run(waiter, waitFor);
            if (!finished) {
                LOG.log(System.Logger.Level.WARNING, "{0}: the default executor did not finish its thread calls "
                        + "within {1}; they keep running, abandoned", loop, timeout);
            }
        } finally {
            waiter.shutdown();
        }
    }

    /** The shared pool for CPU-heavy calls: one daemon platform thread per core, created lazily. */
    private static final class CpuPool {
        static final ForkJoinPool POOL = create();

        private static ForkJoinPool create() {
            AtomicInteger n = new AtomicInteger();
            ForkJoinPool.ForkJoinWorkerThreadFactory f = pool -> {
                ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                t.setName("jasyncio-cpu-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            return new ForkJoinPool(Runtime.getRuntime().availableProcessors(), f, null, true);
        }
    }
}
