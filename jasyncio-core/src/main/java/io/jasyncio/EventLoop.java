package io.jasyncio;

import java.time.Duration;
import java.util.Set;

/**
 * One event loop: a ready queue of callbacks, a timer heap and an I/O selector, run by one
 * thread, that schedules callbacks and tasks.
 *
 * <p><b>Threads.</b> Loop-confined: call it from its tasks and callbacks (or, before it runs,
 * from the thread that created it). The loop context is the loop's driver thread plus the task
 * it is running at the moment. Other threads may call {@link #callSoonThreadsafe},
 * {@link #isRunning()}, {@link #isClosed()}, {@link #time()}, {@link #inboxDepth()} and
 * {@link #stop()}; everything else throws {@link WrongThreadException} naming
 * {@code callSoonThreadsafe}.
 *
 * <p><b>Time.</b> Loop time is a {@code long} of nanoseconds from the loop's {@link LoopClock}
 * (monotonic by default, virtual in tests): only differences mean anything. Delays are
 * {@link Duration}s.
 *
 * <p><b>Iteration.</b> Each iteration polls I/O (no wait when callbacks are ready, else until
 * the next timer), moves due timers to the ready queue in deadline order (ties in scheduling
 * order), and runs exactly the callbacks that were ready when the run phase began.
 *
 * <p>Create one with {@link Asyncio#newEventLoop()}; implemented by jasyncio only.
 *
 * @asyncio {@code asyncio.AbstractEventLoop}
 */
public interface EventLoop extends AutoCloseable {

    /**
     * Schedules {@code callback} to run in a later iteration, after those already scheduled.
     * It runs in the current context (context variables).
     *
     * @return a handle that can cancel it
     * @throws WrongThreadException if not called from the loop context: use
     *     {@link #callSoonThreadsafe}
     * @throws IllegalStateException if the loop is closed
     */
    Handle callSoon(Runnable callback);

    /**
     * Schedules {@code callback} after {@code delay}.
     *
     * @throws IllegalArgumentException if {@code delay} is negative
     * @throws WrongThreadException if not called from the loop context
     * @throws IllegalStateException if the loop is closed
     */
    TimerHandle callLater(Duration delay, Runnable callback);

    /**
     * Schedules {@code callback} at loop time {@code when} (nanoseconds, see {@link #time()}).
     * Callbacks due at the same time run in scheduling order.
     *
     * @throws WrongThreadException if not called from the loop context
     * @throws IllegalStateException if the loop is closed
     */
    TimerHandle callAt(long when, Runnable callback);

    /**
     * Schedules {@code callback} from any thread. Wakes the loop if it sleeps in its selector,
     * and only then.
     *
     * <p><b>Never lost.</b> Accepting a callback and closing the loop are atomic with respect to
     * each other: a callback is either refused (the exception below) or it runs, in a later
     * iteration or, when the loop closes first, during {@link #close()} on the closing thread
     * (the loop then already counts as closed, so the callback cannot schedule more work).
     *
     * <p><b>Bound.</b> With {@link LoopOptions#withInboxCapacity(int)} at most that many callbacks
     * from other threads wait for the loop; one more is refused at once with
     * {@link java.util.concurrent.RejectedExecutionException} (the submitter slows down or
     * drops it). It never blocks: a blocked submitter could be the very thread the loop waits
     * for. The default is no bound.
     *
     * @throws IllegalStateException if the loop is closed
     * @throws java.util.concurrent.RejectedExecutionException if the inbox is bounded and full
     * @asyncio {@code loop.call_soon_threadsafe}
     */
    Handle callSoonThreadsafe(Runnable callback);

    /**
     * How many callbacks from other threads (including the JDK's wake-ups of tasks and the
     * results of thread calls) wait for the loop to take them: the cross-thread inbox's depth,
     * for metrics. Any thread; a snapshot.
     */
    int inboxDepth();

    /** The loop's current time in nanoseconds. Any thread. */
    long time();

    /**
     * Creates a task running {@code body} and schedules its first step. Its virtual thread is
     * named after the task ({@code Task-N} by default). With
     * {@link LoopOptions#withEagerTasks(boolean) eager tasks} on and the loop running, the body
     * runs at once instead, until it first suspends, and the task returned may already be done.
     *
     * @throws WrongThreadException if not called from the loop context
     * @throws IllegalStateException if the loop is closed
     */
    <T> Task<T> createTask(String name, AsyncCallable<T> body);

    /** As {@link #createTask(String, AsyncCallable)} with the name {@code Task-N}. */
    default <T> Task<T> createTask(AsyncCallable<T> body) {
        return createTask(null, body);
    }

    /** A new pending future of this loop. */
    <T> AsyncFuture<T> createFuture();

    /** The pending tasks of this loop. */
    Set<Task<?>> allTasks();

    /**
     * Runs the loop until {@code awaitable} is done and returns its value. An awaitable that is
     * not a future of this loop runs in a new task.
     *
     * @throws IllegalStateException if the loop is running or closed, or if called from a task
     *     of any loop (await the work instead)
     */
    <T> T runUntilComplete(Awaitable<T> awaitable);

    /**
     * Runs the loop until {@link #stop()}. After a {@code stop()} made before the run, it runs
     * one iteration and returns.
     *
     * @throws IllegalStateException if the loop is already running or closed, or if called from
     *     a task of any loop
     */
    void runForever();

    /**
     * Asks the loop to stop once the current iteration's callbacks have run. Any thread.
     */
    void stop();

    /** Whether the loop is running now. Any thread. */
    boolean isRunning();

    /** Whether the loop was closed. Any thread. */
    boolean isClosed();

    /**
     * Closes the loop: refuses further {@link #callSoonThreadsafe} calls, runs the thread-safe
     * callbacks it had already accepted, reports failures never retrieved, drops the other
     * pending callbacks and closes the selector. Idempotent. It does not cancel tasks;
     * {@link Asyncio#run} does that first.
     *
     * @throws IllegalStateException if the loop is running
     */
    @Override
    void close();

    /**
     * Replaces the loop-wide exception handler ({@code null} restores the default, which logs
     * through {@code System.Logger} "io.jasyncio").
     */
    void setExceptionHandler(ExceptionHandler handler);

    /** Passes {@code context} to the exception handler; never throws. */
    void callExceptionHandler(ExceptionContext context);

    /** The engine that runs this loop's tasks. */
    EngineKind engine();

    /**
     * Turns debug mode on or off: steps that hold the loop longer than
     * {@link #setSlowCallbackThreshold} are reported with the task's name and the stack where it
     * was running. On by default when {@code -Djasyncio.debug=true}.
     */
    void setDebug(boolean enabled);

    /** Whether debug mode is on. */
    boolean isDebug();

    /**
     * The debug-mode threshold for a slow step (default 100 ms).
     *
     * @throws IllegalArgumentException if not positive
     */
    void setSlowCallbackThreshold(Duration threshold);

    /**
     * Shuts down the executor {@code toThread} uses by default and waits up to {@code timeout}
     * for the calls still running on it; later {@code toThread} calls without an executor of
     * their own fail. {@code Asyncio.run} calls it with a 300 s timeout before closing the loop,
     * as asyncio's runner does; a call still running then is abandoned with a warning.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws IllegalStateException if not called from a task
     * @throws WrongThreadException if called from a task of another loop
     * @suspends until the calls finished or the timeout passed
     * @asyncio {@code loop.shutdown_default_executor(timeout)}
     */
    void shutdownDefaultExecutor(Duration timeout);
}
