package io.jasyncio;

import io.jasyncio.internal.task.Offload;
import io.jasyncio.internal.task.RealEventLoop;
import io.jasyncio.internal.task.RealTask;
import io.jasyncio.internal.task.Runners;
import io.jasyncio.internal.task.Settings;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

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
     * is closed. A task still running 30 s (loop time, {@link LoopOptions#shutdownGrace()}) after
     * that cancellation swallows it: it is reported with its stack and abandoned, so the run
     * still returns. On the JVM's main thread, the first Ctrl-C cancels the main task (the run
     * then throws its {@link CancelledError}); a second one ends the JVM as usual. A
     * {@link VirtualMachineError} thrown in any task or callback ends the run and is rethrown
     * here, after the same cleanup.
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
     * Creates a task on the calling task's loop; its body first runs in a later iteration, or at
     * once until its first suspension when the loop has
     * {@link LoopOptions#withEagerTasks(boolean) eager tasks}.
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
        return ((RealEventLoop) runningLoop()).createRunnableTask(name, body);
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

    // ---------------------------------------------------------------- structured concurrency

    /**
     * Runs {@code body} in a {@link TaskGroup}; see {@link TaskGroup#run}.
     *
     * @asyncio {@code async with asyncio.TaskGroup() as tg}
     */
    public static <T> T taskGroup(TaskGroup.Body<T> body) {
        return TaskGroup.run(body);
    }

    /**
     * Runs {@code body} in the calling task with a deadline {@code delay} from now.
     *
     * @return the body's value
     * @throws AsyncTimeoutException if the deadline passed and cancelled the body; only this
     *     scope's own cancellation is converted (an outer one passes through unchanged)
     * @throws X whatever the body throws, unchanged; a {@link TaskGroup} whose children failed
     *     while the deadline cancelled it throws its {@link ExceptionGroup}, not a timeout
     * @throws IllegalArgumentException if {@code delay} is negative
     * @throws NullPointerException if {@code delay} is null (for no deadline, use
     *     {@link #timeoutAt(long, ScopedCallable)} with {@link Long#MAX_VALUE})
     * @throws IllegalStateException if not called from a task
     * @suspends while the body suspends
     * @asyncio {@code async with asyncio.timeout(delay)}
     */
    public static <T, X extends Exception> T timeout(Duration delay, ScopedCallable<T, X> body) throws X {
        return timeoutAt(deadlineAfter(delay, "timeout()", "use timeoutAt(Long.MAX_VALUE, body)"), body);
    }

    /** {@link #timeout(Duration, ScopedCallable)} whose body gets the {@link Timeout} handle. */
    public static <T, X extends Exception> T timeout(Duration delay, TimeoutBody<T, X> body) throws X {
        return timeoutAt(deadlineAfter(delay, "timeout()", "use timeoutAt(Long.MAX_VALUE, body)"), body);
    }

    /**
     * Runs {@code body} with a deadline at loop time {@code deadline} (nanoseconds;
     * {@link Long#MAX_VALUE}: none). A deadline already due cancels the body at its first
     * checkpoint, even one that completes without waiting; a body that reaches no checkpoint
     * returns its value. See {@link #timeout(Duration, ScopedCallable)}.
     *
     * @asyncio {@code asyncio.timeout_at}
     */
    public static <T, X extends Exception> T timeoutAt(long deadline, ScopedCallable<T, X> body) throws X {
        Objects.requireNonNull(body, "body");
        return io.jasyncio.internal.scope.RealTimeout.run(deadline, false, false, null, "timeout", t -> body.call());
    }

    /** {@link #timeoutAt(long, ScopedCallable)} whose body gets the {@link Timeout} handle. */
    public static <T, X extends Exception> T timeoutAt(long deadline, TimeoutBody<T, X> body) throws X {
        Objects.requireNonNull(body, "body");
        return io.jasyncio.internal.scope.RealTimeout.run(deadline, false, false, null, "timeout", body);
    }

    /**
     * Like {@link #timeout(Duration, ScopedCallable)}, but returns {@code fallback} instead of
     * throwing when the deadline passes (Trio's {@code move_on_after}).
     *
     * <pre>{@code
     * Reply r = Asyncio.moveOnAfter(Duration.ofMillis(150), () -> upstream.fetch(req), Reply.EMPTY);
     * }</pre>
     *
     * @throws X whatever the body throws, unchanged; a {@link TaskGroup} in the body whose
     *     children failed while the deadline cancelled it throws its {@link ExceptionGroup}
     *     through this scope: a failure wins over the fallback
     * @suspends while the body suspends
     */
    public static <T, X extends Exception> T moveOnAfter(Duration delay, ScopedCallable<T, X> body, T fallback) throws X {
        Objects.requireNonNull(body, "body");
        return io.jasyncio.internal.scope.RealTimeout.run(deadlineAfter(delay, "moveOnAfter()",
                "use moveOnAt(Long.MAX_VALUE, body, fallback)"), false, true,
                fallback, "moveOnAfter", t -> body.call());
    }

    /** {@link #moveOnAfter} with an absolute deadline in loop time. */
    public static <T, X extends Exception> T moveOnAt(long deadline, ScopedCallable<T, X> body, T fallback) throws X {
        Objects.requireNonNull(body, "body");
        return io.jasyncio.internal.scope.RealTimeout.run(deadline, false, true, fallback, "moveOnAt", t -> body.call());
    }

    /**
     * Runs {@code body} shielded from the cancellations of enclosing scopes and of the task
     * (Trio's {@code CancelScope(shield=True)}), for cleanup that must finish. Cancellations
     * requested meanwhile are delivered at the first checkpoint after the block.
     *
     * @throws X whatever the body throws, unchanged
     * @suspends while the body suspends
     */
    public static <T, X extends Exception> T shielded(ScopedCallable<T, X> body) throws X {
        Objects.requireNonNull(body, "body");
        return io.jasyncio.internal.scope.RealTimeout.run(Long.MAX_VALUE, true, false, null, "shielded", t -> body.call());
    }

    /**
     * A shielded block with its own deadline: cleanup that must not be cut short by an outer
     * cancellation, but must not hang either.
     *
     * <pre>{@code
     * } catch (CancelledError e) {
     *     Asyncio.shielded(Duration.ofSeconds(2), () -> { consumer.flushOffsets(); return null; });
     *     throw e;
     * }
     * }</pre>
     *
     * @throws AsyncTimeoutException if its own deadline passes
     * @throws X whatever the body throws, unchanged
     * @suspends while the body suspends
     */
    public static <T, X extends Exception> T shielded(Duration deadline, ScopedCallable<T, X> body) throws X {
        Objects.requireNonNull(body, "body");
        return io.jasyncio.internal.scope.RealTimeout.run(deadlineAfter(deadline, "shielded()", "use shielded(body)"),
                true, false, null,
                "shielded block", t -> body.call());
    }

    /**
     * A future that completes like {@code aw} but that cancelling does not cancel {@code aw}:
     * {@code Asyncio.shield(op).await()} can be cancelled while {@code op} keeps running.
     *
     * @throws IllegalStateException if not called from a task
     * @asyncio {@code asyncio.shield}
     */
    public static <T> AsyncFuture<T> shield(Awaitable<T> aw) {
        return io.jasyncio.internal.scope.Combinators.shield(Objects.requireNonNull(aw, "aw"));
    }

    /**
     * The nearest deadline (loop time, nanoseconds) that would cancel the calling task now,
     * across every enclosing timeout, or {@link Long#MAX_VALUE} if none. A shield hides the
     * deadlines outside it.
     *
     * @throws IllegalStateException if not called from a task
     */
    public static long currentDeadline() {
        return RealTask.currentFor(null, "currentDeadline()").effectiveDeadline();
    }

    /**
     * The time left before {@link #currentDeadline()}, never negative, or empty when no deadline
     * applies; I/O code passes it upstream (e.g. as a request timeout header).
     *
     * @throws IllegalStateException if not called from a task
     */
    public static java.util.Optional<Duration> remainingTime() {
        RealTask<?> t = RealTask.currentFor(null, "remainingTime()");
        long d = t.effectiveDeadline();
        if (d == Long.MAX_VALUE) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Duration.ofNanos(Math.max(0, d - t.realLoop().time())));
    }

    /**
     * Waits for {@code aw} at most {@code timeout} (3.12+ semantics): on expiry {@code aw} is
     * cancelled and awaited, then {@link AsyncTimeoutException} is thrown. When completion and
     * expiry (or an outer cancel) race in one loop iteration, the value is returned and an
     * outer cancellation is delivered at the next checkpoint: neither is lost.
     *
     * <p>A zero timeout returns the outcome of an {@code aw} that is already done; otherwise
     * {@code aw} is cancelled at once (an awaitable that is not a task yet never starts) and
     * awaited, and the timeout is thrown. For no timeout, await {@code aw} directly.
     *
     * @throws AsyncTimeoutException if the timeout passed first
     * @throws CancelledError if the calling task is cancelled ({@code aw} is cancelled too)
     * @throws NullPointerException if {@code timeout} is null (for none, call {@code aw.await()})
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @suspends until {@code aw} completes or the timeout passes
     * @asyncio {@code asyncio.wait_for}
     */
    public static <T> T waitFor(Awaitable<T> aw, Duration timeout) {
        Objects.requireNonNull(aw, "aw");
        long deadline = deadlineAfter(timeout, "waitFor()", "await the awaitable directly: aw.await()");
        RealTask<?> t = RealTask.currentFor(null, "waitFor()");
        io.jasyncio.internal.task.RealFuture<T> f = t.realLoop().ensureFuture(aw);
        if (f.isDone()) {
            // asyncio: an outcome already there is returned even when no time is left
            return f.await();
        }
        return io.jasyncio.internal.scope.RealTimeout.run(deadline, false, false, null, "waitFor", h -> f.await());
    }

    /**
     * Waits for all of {@code aws} and returns their values in argument order. The first failure
     * propagates at once and <b>the others keep running</b>; later failures are marked retrieved
     * (neither raised nor reported as never retrieved), as asyncio does. Prefer
     * {@link TaskGroup}, which cancels siblings and reports every failure. Cancelling the caller
     * cancels them all. The same awaitable (by identity) given several times is awaited once and
     * its value fills each of its slots.
     *
     * @suspends until all are done or one fails
     * @asyncio {@code asyncio.gather(*aws)}
     */
    @SafeVarargs
    public static <T> List<T> gather(Awaitable<? extends T>... aws) {
        return gather(List.of(aws));
    }

    /** {@link #gather(Awaitable[])} over a collection. */
    @SuppressWarnings("unchecked")
    public static <T> List<T> gather(Collection<? extends Awaitable<? extends T>> aws) {
        return (List<T>) (List<?>) io.jasyncio.internal.scope.Combinators.gather(aws, false);
    }

    /**
     * Waits for all of {@code aws}; each slot of the result holds the value, or the throwable
     * (for a cancelled one a {@link CancelledError} carrying its cancel message, empty when it
     * had none), in argument order. The same awaitable given several times is awaited once.
     *
     * @suspends until all are done
     * @asyncio {@code asyncio.gather(*aws, return_exceptions=True)}
     */
    public static List<Object> gatherReturnExceptions(Collection<? extends Awaitable<?>> aws) {
        return io.jasyncio.internal.scope.Combinators.gather(aws, true);
    }

    /**
     * Waits until {@code when} is met or {@code timeout} passes, and returns the done and pending
     * futures; never raises the children's failures and does not cancel them. The same awaitable
     * (by identity) given several times counts once.
     *
     * @throws IllegalArgumentException if {@code aws} is empty or {@code timeout} is negative
     * @throws NullPointerException if {@code timeout} is null (for none, use
     *     {@link #wait(Collection, ReturnWhen)})
     * @suspends until the condition or the timeout
     * @asyncio {@code asyncio.wait}
     */
    public static <T> WaitResult<T> wait(Collection<? extends Awaitable<? extends T>> aws, ReturnWhen when,
                                         Duration timeout) {
        requireTimeout(timeout, "wait()", "use wait(aws, when)");
        return io.jasyncio.internal.scope.Combinators.wait(aws, when,
                RealEventLoop.saturatedNanos(requireNonNegative(timeout, "wait()")));
    }

    /**
     * {@link #wait(Collection, ReturnWhen, Duration)} without a timeout: waits until {@code when}
     * is met.
     *
     * @throws IllegalArgumentException if {@code aws} is empty
     * @suspends until the condition
     * @asyncio {@code asyncio.wait(aws, return_when=when)} ({@code timeout=None})
     */
    public static <T> WaitResult<T> wait(Collection<? extends Awaitable<? extends T>> aws, ReturnWhen when) {
        return io.jasyncio.internal.scope.Combinators.wait(aws, when, -1);
    }

    /**
     * The futures of {@code aws} in the order they complete; each {@code next()} suspends until
     * one more is done and throws {@link AsyncTimeoutException} once {@code timeout} has passed.
     * The same awaitable (by identity) given several times is awaited and yielded once.
     *
     * <pre>{@code
     * for (AsyncFuture<Reply> f : Asyncio.asCompleted(calls, Duration.ofSeconds(1))) use(f.result());
     * }</pre>
     *
     * @throws NullPointerException if {@code timeout} is null (for none, use
     *     {@link #asCompleted(Collection)})
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @asyncio {@code asyncio.as_completed}
     */
    public static <T> Iterable<AsyncFuture<T>> asCompleted(Collection<? extends Awaitable<? extends T>> aws,
                                                           Duration timeout) {
        requireTimeout(timeout, "asCompleted()", "use asCompleted(aws)");
        return io.jasyncio.internal.scope.Combinators.asCompleted(aws,
                RealEventLoop.saturatedNanos(requireNonNegative(timeout, "asCompleted()")));
    }

    /**
     * {@link #asCompleted(Collection, Duration)} without a timeout: each {@code next()} suspends
     * until one more is done.
     *
     * @asyncio {@code asyncio.as_completed(aws)} ({@code timeout=None})
     */
    public static <T> Iterable<AsyncFuture<T>> asCompleted(Collection<? extends Awaitable<? extends T>> aws) {
        return io.jasyncio.internal.scope.Combinators.asCompleted(aws, -1);
    }

    /**
     * The one convention for "no timeout": a {@code Duration} timeout is never null; the call
     * without a timeout is a method of its own ({@code instead} says which), so a null from a bug
     * cannot silently turn into a wait without end.
     */
    private static Duration requireTimeout(Duration d, String what, String instead) {
        if (d == null) {
            throw new NullPointerException(what + " got a null timeout; a timeout is never null in jasyncio. "
                    + "For no timeout, " + instead);
        }
        return d;
    }

    private static Duration requireNonNegative(Duration d, String what) {
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " needs a timeout >= 0, got " + d);
        }
        return d;
    }

    /** Loop time {@code delay} from now, for the calling task's loop. */
    private static long deadlineAfter(Duration delay, String what, String noTimeout) {
        requireNonNegative(requireTimeout(delay, what, noTimeout), what);
        RealTask<?> t = RealTask.currentFor(null, what);
        return t.realLoop().time() + RealEventLoop.saturatedNanos(delay);
    }

    /**
     * Runs blocking {@code fn} on another thread and returns its value to the calling task; the
     * loop keeps running meanwhile. The thread is the loop's default executor's: one new virtual
     * thread per call (cheap, so thousands of concurrent calls are fine; shut down with the loop,
     * see {@link EventLoop#shutdownDefaultExecutor}). {@code fn} runs in a copy of the task's
     * context, so {@link ContextVar}s read there see the task's values. For a limit, an executor
     * of your own, or other cancellation behaviour, see {@link #toThread(ThreadOptions, Callable)}.
     *
     * @throws CancelledError if the calling task is cancelled; the call's outcome is then dropped
     *     and its thread keeps running to the end (not interrupted)
     * @throws AsyncExecutionException wrapping a checked failure of {@code fn}; unchecked ones are
     *     rethrown as they are
     * @throws IllegalStateException if not called from a task
     * @suspends until {@code fn} returns
     * @cancellation the task stops waiting at once; the thread is abandoned
     * @asyncio {@code asyncio.to_thread}
     */
    public static <T> T toThread(Callable<T> fn) {
        return toThread(ThreadOptions.defaults(), fn);
    }

    /**
     * Runs blocking {@code fn} on another thread as {@code options} say: executor, concurrency
     * limit, and what cancelling the calling task does.
     *
     * @throws CancelledError if the calling task is cancelled (see {@link ThreadOptions})
     * @throws AsyncExecutionException wrapping a checked failure of {@code fn}
     * @throws IllegalStateException if not called from a task
     * @throws java.util.concurrent.RejectedExecutionException if the executor rejects the call
     * @suspends for the limiter, then until {@code fn} returns (or is abandoned)
     * @cancellation per {@link ThreadOptions#abandonOnCancel()} and
     *     {@link ThreadOptions#interruptOnCancel()}
     * @asyncio {@code asyncio.to_thread}, Trio's {@code to_thread.run_sync}
     */
    public static <T> T toThread(ThreadOptions options, Callable<T> fn) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(fn, "fn");
        return Offload.toThread(options, fn);
    }

    /**
     * Runs {@code fn} on {@code executor} and returns its value to the calling task; as
     * {@link #toThread(Callable)} otherwise.
     *
     * @throws CancelledError if the calling task is cancelled; the call is abandoned
     * @throws AsyncExecutionException wrapping a checked failure of {@code fn}
     * @throws IllegalStateException if not called from a task
     * @suspends until {@code fn} returns
     * @asyncio {@code loop.run_in_executor(executor, fn)}
     */
    public static <T> T runInExecutor(Executor executor, Callable<T> fn) {
        Objects.requireNonNull(executor, "executor (use toThread for the default one)");
        Objects.requireNonNull(fn, "fn");
        return Offload.run(executor, fn);
    }

    /**
     * Runs CPU-heavy {@code fn} on the shared CPU pool (one daemon platform thread per core,
     * shared by every loop of the JVM, separate from the blocking-call executor so slow I/O
     * cannot starve computations) and returns its value to the calling task. Keep blocking calls
     * off this pool: use {@link #toThread(Callable)} for them.
     *
     * @throws CancelledError if the calling task is cancelled; the computation is abandoned
     * @throws AsyncExecutionException wrapping a checked failure of {@code fn}
     * @throws IllegalStateException if not called from a task
     * @suspends until {@code fn} returns
     * @asyncio {@code loop.run_in_executor(ProcessPoolExecutor(), fn)}, the usual way to keep
     *     CPU work off an asyncio loop
     */
    public static <T> T compute(Callable<T> fn) {
        Objects.requireNonNull(fn, "fn");
        return Offload.compute(fn);
    }

    /**
     * From any thread: runs {@code body} as a new task of {@code loop} (running, or about to run)
     * and returns a {@link CompletableFuture} of its outcome. Cancelling that future cancels the
     * task. The task runs in a copy of the calling thread's context.
     *
     * <p>The future always completes: with the task's outcome, cancelled if the task is
     * cancelled, or exceptionally with an {@link IllegalStateException} when the loop closes
     * before the task could run or finish (see {@link EventLoop#callSoonThreadsafe}).
     *
     * @throws IllegalStateException if {@code loop} is closed
     * @throws java.util.concurrent.RejectedExecutionException if the loop's inbox is bounded and
     *     full ({@link LoopOptions#withInboxCapacity(int)})
     * @asyncio {@code asyncio.run_coroutine_threadsafe(coro, loop)}
     */
    public static <T> CompletableFuture<T> runCoroutineThreadsafe(EventLoop loop, AsyncCallable<T> body) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(body, "body");
        if (!(loop instanceof RealEventLoop l)) {
            throw new IllegalArgumentException(loop + " is not a jasyncio loop");
        }
        return Offload.submit(l, body);
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
