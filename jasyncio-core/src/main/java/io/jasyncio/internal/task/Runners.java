package io.jasyncio.internal.task;

import io.jasyncio.AsyncCallable;
import io.jasyncio.AsyncFuture;
import io.jasyncio.CancelledError;
import io.jasyncio.LoopOptions;
import io.jasyncio.Task;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code Asyncio.run} and the bridge from {@link CompletionStage}: the glue between a loop and
 * the world outside it.
 */
public final class Runners {
    /** How long {@code Asyncio.run} waits for thread calls at the end (asyncio's THREAD_JOIN_TIMEOUT). */
    static final java.time.Duration DEFAULT_EXECUTOR_TIMEOUT = java.time.Duration.ofSeconds(300);

    private Runners() {
    }

    /** {@code asyncio.run}: see {@code Asyncio.run}. */
    public static <T> T run(LoopOptions options, AsyncCallable<T> main) {
        RealTask<?> current = RealTask.current();
        if (current != null) {
            throw new IllegalStateException("Asyncio.run() cannot be called from task '" + current.name()
                    + "' of a running event loop: await the work directly, or use createTask(...)");
        }
        if (RealEventLoop.drivenByCurrentThread() != null) {
            throw new IllegalStateException("Asyncio.run() cannot be called from a callback of a running event "
                    + "loop: schedule the work with createTask(...)");
        }
        RealEventLoop loop = new RealEventLoop(options);
        try {
            Task<T> task = loop.createTask("main", main);
            try (var sigint = Interrupts.cancelOnSigint(loop, task)) {
                return loop.runUntilComplete(task);
            } finally {
                cancelAll(loop, options.shutdownGrace());
                shutdownDefaultExecutor(loop);
            }
        } finally {
            loop.close();
        }
    }

    /** asyncio's runner waits for the default executor's calls, 300 s at most, before closing. */
    private static void shutdownDefaultExecutor(RealEventLoop loop) {
        if (!loop.hasDefaultExecutor()) {
            return;
        }
        loop.runUntilComplete(loop.createTask("shutdown-default-executor", () -> {
            loop.shutdownDefaultExecutor(DEFAULT_EXECUTOR_TIMEOUT);
            return null;
        }));
    }

    /**
     * Cancels every pending task and runs the loop until they have all ended, or until
     * {@code grace} (loop time) has passed: a task that swallows every cancellation would
     * otherwise keep {@code Asyncio.run} from returning. Such tasks are reported, each with the
     * stack where it waits, and abandoned (the loop then closes without them).
     */
    private static void cancelAll(RealEventLoop loop, java.time.Duration grace) {
        if (loop.taskCount() == 0) {
            return;
        }
        List<io.jasyncio.Task<?>> tasks = List.copyOf(loop.allTasks());
        for (io.jasyncio.Task<?> t : tasks) {
            t.cancel("the main task ended; Asyncio.run() cancels the tasks still pending");
        }
        RealFuture<Void> all = new RealFuture<>(loop);
        int[] left = {tasks.size()};
        DoneListener counter = f -> {
            if (--left[0] == 0 && !all.isDone()) {
                all.complete(RealFuture.State.FINISHED, null, null, null);
            }
        };
        for (io.jasyncio.Task<?> t : tasks) {
            ((RealTask<?>) t).addListener(counter);
        }
        io.jasyncio.TimerHandle deadline = loop.callLater(grace, () -> {
            if (!all.isDone()) {
                all.complete(RealFuture.State.FINISHED, null, null, null);
            }
        });
        loop.runUntilComplete(all);
        deadline.cancel();
        for (io.jasyncio.Task<?> t : tasks) {
            if (!t.isDone()) {
                abandon(loop, (RealTask<?>) t, grace);
            } else if (!t.isCancelled() && t.exception() != null) {
                loop.report("unhandled exception during Asyncio.run() shutdown", t.exception(), t, t, null);
            }
        }
    }

    private static void abandon(RealEventLoop loop, RealTask<?> t, java.time.Duration grace) {
        String msg = "Task '" + t.name() + "' was still running " + grace + " (loop time) after Asyncio.run() "
                + "cancelled it at the end of the run: it swallows its cancellations (rethrow CancelledError, "
                + "or end when cancelled). It is abandoned and the loop closes; it waits at the stack below "
                + "(LoopOptions.withShutdownGrace sets the grace)";
        loop.report(msg, new AbandonedTask(msg, t.stack()), t, t, null);
        loop.taskDone(t);
    }

    /** The throwable of an abandoned-task report: its stack is where the task waits. */
    static final class AbandonedTask extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AbandonedTask(String message, StackTraceElement[] stack) {
            super(message, null, false, true);
            setStackTrace(stack);
        }
    }

    /**
     * A future of {@code loop} completed when {@code stage} completes (on any thread).
     * Cancelling the future cancels the stage when it is a {@code CompletableFuture}.
     */
    public static <T> AsyncFuture<T> wrap(RealEventLoop loop, CompletionStage<T> stage) {
        RealFuture<T> f = new RealFuture<>(loop);
        // the external count is released once: when the stage completes, or when the future is
        // cancelled and nobody waits for the stage any more, so a stage that never completes does
        // not hold a virtual clock forever
        AtomicBoolean released = new AtomicBoolean();
        loop.externalStarted();
        stage.whenComplete((v, t) -> {
            Runnable settle = () -> {
                if (f.isDone()) {
                    return;
                }
                if (t == null) {
                    f.setResult(v);
                } else {
                    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
                    if (cause instanceof CancellationException) {
                        f.cancel(cause.getMessage());
                    } else if (cause instanceof CancelledError ce) {
                        f.cancel(ce.getMessage());
                    } else {
                        f.setException(cause);
                    }
                }
            };
            try {
                loop.scheduleFromOutside(settle);
            } finally {
                if (released.compareAndSet(false, true)) {
                    loop.externalEnded();
                }
            }
        });
        f.addListener(done -> {
            if (!done.isCancelled()) {
                return;
            }
            if (released.compareAndSet(false, true)) {
                loop.externalEnded();
            }
            if (stage instanceof CompletableFuture<?> cf) {
                try {
                    cf.cancel(false);
                } catch (UnsupportedOperationException e) {
                    // a minimal stage cannot be cancelled; a listener must not throw into cancel()
                    // (AwaitableTest#aStageThatCannotBeCancelledNeitherBreaksCancelNorHoldsTheVirtualClock)
                }
            }
        });
        return f;
    }
}
