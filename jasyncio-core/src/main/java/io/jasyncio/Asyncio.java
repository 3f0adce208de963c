package io.jasyncio;

import io.jasyncio.internal.task.RealEventLoop;
import io.jasyncio.internal.task.RealTask;
import io.jasyncio.internal.task.Runners;
import io.jasyncio.internal.task.Settings;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The entry points that read like {@code asyncio.X}: run a loop, create and await tasks, sleep.
 *
 * <pre>{@code
 * String r = Asyncio.run(() -> {
 *     Task<String> t = Asyncio.createTask("fetch", () -> { Asyncio.sleep(Duration.ofMillis(50)); return "hi"; });
 *     return t.await();
 * });
 * }</pre>
 *
 * <p>Methods marked <em>suspends</em> must be called from a task; elsewhere they throw
 * {@link IllegalStateException} saying so.
 *
 * @asyncio the {@code asyncio} module's functions
 */
public final class Asyncio {

    private Asyncio() {
    }

    // ---------------------------------------------------------------- running

    /**
     * Runs {@code main} as the main task of a new event loop and returns its value
     * ({@code asyncio.run}): when {@code main} ends, every task still pending is cancelled and
     * awaited, failures during that shutdown are reported, executors are shut down and the loop
     * is closed. On the JVM's main thread, the first Ctrl-C cancels the main task (the run then
     * throws its {@link CancelledError}); a second one ends the JVM as usual.
     *
     * <p>Called from a virtual thread, the loop engine runs the loop on a new platform thread
     * (a virtual thread cannot carry others) and the caller waits; the portable engine runs it
     * on a virtual thread.
     *
     * @return the value of {@code main}
     * @throws IllegalStateException if called from a task of a running loop
     */
    public static <T> T run(AsyncCallable<T> main) {
        return run(LoopOptions.defaults(), main);
    }

    /** {@link #run(AsyncCallable)} for a body without a value. */
    public static void run(AsyncRunnable main) {
        Objects.requireNonNull(main, "main");
        run(LoopOptions.defaults(), () -> {
            main.run();
            return null;
        });
    }

    /** {@link #run(AsyncCallable)} with a loop built from {@code options}. */
    public static <T> T run(LoopOptions options, AsyncCallable<T> main) {
        return Runners.run(options, main);
    }

    /** A new event loop with the default options; the caller closes it. */
    public static EventLoop newEventLoop() {
        return new RealEventLoop(LoopOptions.defaults());
    }

    /** A new event loop built from {@code options}; the caller closes it. */
    public static EventLoop newEventLoop(LoopOptions options) {
        return new RealEventLoop(options);
    }

    /**
     * The engine new loops use unless told otherwise, chosen once per JVM and logged
     * ({@code -Djasyncio.engine=loop|portable} forces one).
     */
    public static EngineKind defaultEngine() {
        return Settings.defaultEngine();
    }

    // ---------------------------------------------------------------- tasks

    /**
     * The loop of the calling task or callback.
     *
     * @throws IllegalStateException if no loop runs on the calling thread
     * @asyncio {@code asyncio.get_running_loop()}
     */
    public static EventLoop runningLoop() {
        RealTask<?> t = RealTask.current();
        if (t != null) {
            return t.realLoop();
        }
        RealEventLoop driven = RealEventLoop.drivenByCurrentThread();
        if (driven != null) {
            return driven;
        }
        throw new IllegalStateException("no running event loop on thread '" + Thread.currentThread().getName()
                + "': call this from a task, e.g. inside Asyncio.run(() -> ...)");
    }

    /** The calling task, or {@code null} when the caller is not a task. */
    public static Task<?> currentTask() {
        return RealTask.current();
    }

    /**
     * The pending tasks of the calling task's loop.
     *
     * @throws IllegalStateException if not called from a task
     */
    public static Set<Task<?>> allTasks() {
        return runningLoop().allTasks();
    }

    /**
     * Creates a task on the calling task's loop.
     *
     * @throws IllegalStateException if not called from a task
     */
    public static <T> Task<T> createTask(String name, AsyncCallable<T> body) {
        return runningLoop().createTask(name, body);
    }

    /** {@link #createTask(String, AsyncCallable)} named {@code Task-N}. */
    public static <T> Task<T> createTask(AsyncCallable<T> body) {
        return runningLoop().createTask(null, body);
    }

    /** {@link #createTask(String, AsyncCallable)} for a body without a value. */
    public static Task<Void> createTask(String name, AsyncRunnable body) {
        Objects.requireNonNull(body, "body");
        return runningLoop().createTask(name, () -> {
            body.run();
            return null;
        });
    }

    // ---------------------------------------------------------------- suspending

    /**
     * Suspends the calling task for {@code delay} of loop time. {@link Duration#ZERO} is an
     * explicit yield: every other ready task and callback runs once first.
     *
     * @throws IllegalArgumentException if {@code delay} is negative
     * @throws CancelledError if the task is cancelled
     * @throws IllegalStateException if not called from a task
     * @suspends always
     * @cancellation the timer is dropped
     * @asyncio {@code asyncio.sleep}
     */
    public static void sleep(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("sleep() needs a delay >= 0, got " + delay);
        }
        RealTask.currentFor(null, "sleep()").sleep(RealEventLoop.saturatedNanos(delay));
    }

    /**
     * Lets every other ready task and callback run once; the same as {@code sleep(Duration.ZERO)}.
     *
     * @throws CancelledError if the task is cancelled
     * @suspends always
     */
    public static void yieldNow() {
        RealTask<?> t = RealTask.currentFor(null, "yieldNow()");
        t.checkCancel();
        t.yieldNow();
    }

    /**
     * Runs blocking {@code fn} on another thread (the loop's default executor: one new virtual
     * thread per call) and returns its value to the calling task; the loop keeps running
     * meanwhile.
     *
     * @throws CancelledError if the calling task is cancelled; the call's outcome is then dropped
     *     and its thread keeps running to the end
     * @throws AsyncExecutionException wrapping a checked failure of {@code fn}; unchecked ones are
     *     rethrown as they are
     * @throws IllegalStateException if not called from a task
     * @suspends until {@code fn} returns
     * @asyncio {@code asyncio.to_thread}
     */
    public static <T> T toThread(java.util.concurrent.Callable<T> fn) {
        Objects.requireNonNull(fn, "fn");
        return io.jasyncio.internal.task.Offload.toThread(fn);
    }

    /**
     * Waits for a {@link CompletionStage} completed on any thread ({@code CompletableFuture} and
     * friends) and returns its value.
     *
     * @throws CancelledError if the stage was cancelled or the calling task is cancelled; the
     *     latter also cancels the stage when it is a {@code CompletableFuture}
     * @throws AsyncExecutionException wrapping a checked failure; unchecked ones are rethrown
     * @throws IllegalStateException if not called from a task
     * @suspends until the stage completes
     * @asyncio {@code asyncio.wrap_future}
     */
    public static <T> T await(CompletionStage<T> stage) {
        RealTask<?> t = RealTask.currentFor(null, "await(CompletionStage)");
        return Runners.wrap(t.realLoop(), stage).await();
    }
}
