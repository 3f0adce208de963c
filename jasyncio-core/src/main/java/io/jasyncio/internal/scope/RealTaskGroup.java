package io.jasyncio.internal.scope;

import io.jasyncio.AsyncCallable;
import io.jasyncio.AsyncRunnable;
import io.jasyncio.AsyncFuture;
import io.jasyncio.CancelledError;
import io.jasyncio.ExceptionGroup;
import io.jasyncio.Task;
import io.jasyncio.TaskGroup;
import io.jasyncio.TaskStatus;
import io.jasyncio.internal.task.CancelFrame;
import io.jasyncio.internal.task.DoneListener;
import io.jasyncio.internal.task.RealEventLoop;
import io.jasyncio.internal.task.RealFuture;
import io.jasyncio.internal.task.RealTask;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The task group: a {@link CancelFrame} of the parent task plus the set of children.
 *
 * <pre>
 *   OPEN --body returns or throws--> EXITING --last child ended--> CLOSED
 *   aborting: set once, by the first child failure, a body failure, an outer cancellation or cancel()
 * </pre>
 *
 * <p>Aborting cancels every child, and the body when it still runs (a request of the group's
 * frame, so the body's {@code CancelledError} is recognised as the group's own on exit). The
 * exit waits for every child; an outer cancellation that arrives while it waits aborts the
 * group and is re-raised once the children are gone, unless a child failed: failures win, the
 * group's {@code ExceptionGroup} comes out and the outer cancellation stays pending for the
 * task's next checkpoint. Loop-confined.
 */
public final class RealTaskGroup implements TaskGroup, DoneListener {

    private enum State { OPEN, EXITING, CLOSED }

    private final RealTask<?> parent;
    private final RealEventLoop loop;
    private final CancelFrame frame;
    /**
     * Children not yet ended, each knowing its index ({@code RealTask.groupSlot}) so removal is
     * O(1) by moving the last one into its place: no per-child node (a group may hold 200k).
     */
    private final ArrayList<RealTask<?>> children = new ArrayList<>();
    /** Children started with start() that have not signalled readiness, with their ready futures. */
    private final Map<RealTask<?>, AsyncFuture<?>> starting = new HashMap<>();
    /** Failures in the order they happened. */
    private final List<Throwable> errors = new ArrayList<>();
    private State state = State.OPEN;
    private boolean aborting;
    /** Completed by the last child to end while the exit waits. */
    private AsyncFuture<Void> allDone;

    private RealTaskGroup(RealTask<?> parent) {
        this.parent = parent;
        this.loop = parent.realLoop();
        this.frame = parent.pushFrame(false, this);
    }

    /** See {@link TaskGroup#run}. */
    public static <T> T run(Body<T> body) {
        RealTask<?> parent = RealTask.currentFor(null, "TaskGroup.run()");
        return new RealTaskGroup(parent).runBody(body);
    }

    private <T> T runBody(Body<T> body) {
        T value = null;
        Throwable thrown = null;
        try {
            value = body.run(this);
        } catch (Throwable t) {
            thrown = t;
        }
        state = State.EXITING;
        CancelledError outer = null;
        if (thrown instanceof CancelledError ce) {
            if (!frame.isOwn(ce)) {
                outer = ce;
                abort("the task running the TaskGroup was cancelled");
            }
        } else if (thrown != null) {
            errors.add(thrown);
            abort("the TaskGroup body failed");
        }
        outer = awaitChildren(outer);
        state = State.CLOSED;
        Throwable exit = parent.popFrame(frame, thrown instanceof CancelledError ? thrown : null);
        if (outer == null && exit instanceof CancelledError ce && exit != thrown) {
            outer = ce;
        }
        if (!errors.isEmpty()) {
            if (outer != null) {
                // failures win over an outer cancellation (asyncio 3.13): the group comes out, so
                // no enclosing timeout or move-on can convert them away, and the cancellation
                // stays requested for the task's next checkpoint (cpython#116720: not swallowed)
                parent.keepOuterCancellations(frame, outer);
            }
            throw new ExceptionGroup("unhandled errors in a TaskGroup", errors);
        }
        if (outer != null) {
            throw outer;
        }
        return thrown != null ? null : value;
    }

    /** Waits until no child runs; returns the outer cancellation seen, if any. */
    private CancelledError awaitChildren(CancelledError outer) {
        while (!children.isEmpty()) {
            allDone = loop.createFuture();
            try {
                allDone.await();
            } catch (CancelledError e) {
                if (outer == null && !frame.isOwn(e)) {
                    outer = e;
                }
                abort("the task running the TaskGroup was cancelled");
            }
        }
        allDone = null;
        return outer;
    }

    @Override
    public <T> Task<T> createTask(String name, AsyncCallable<T> body) {
        checkCanSpawn("createTask()");
        return adopt((RealTask<T>) loop.createTask(name, body));
    }

    @Override
    public Task<Void> createTask(String name, AsyncRunnable body) {
        checkCanSpawn("createTask()");
        return adopt((RealTask<Void>) loop.createRunnableTask(name, body));
    }

    private <T> Task<T> adopt(RealTask<T> t) {
        t.inheritDeadlines(frame);
        t.groupSlot(children.size());
        children.add(t);
        t.addListener(this);
        return t;
    }

    private void checkCanSpawn(String what) {
        if (state == State.CLOSED) {
            throw new IllegalStateException(this + " is closed: " + what + " after the group exited is not "
                    + "allowed; create the task inside the group's body, or open a new group");
        }
        if (aborting) {
            throw new IllegalStateException(this + " is aborting (a child failed, or cancel() was called): "
                    + what + " cannot start new tasks in it; let the group exit and handle its error");
        }
    }

    @Override
    public <T> T start(String name, StartBody<T> body) {
        RealTask.currentFor(loop, "TaskGroup.start()");
        checkCanSpawn("start()");
        AsyncFuture<T> ready = loop.createFuture();
        RealTask<?>[] self = new RealTask<?>[1];
        TaskStatus<T> status = v -> {
            if (ready.isCancelled()) {
                throw new IllegalStateException("started() for " + self[0] + " comes too late: the start() "
                        + "that waited for it was cancelled, and so was this task");
            }
            if (ready.isDone()) {
                throw new IllegalStateException("started() was already called for " + self[0]);
            }
            starting.remove(self[0]);
            ready.setResult(v);
        };
        // lazily, even with eager tasks: the child is recorded below before its body can run
        Task<Void> child = adopt((RealTask<Void>) loop.<Void>createLazyTask(name, () -> {
            body.run(status);
            if (!ready.isDone()) {
                throw new IllegalStateException("task '" + self[0].name() + "' returned without calling "
                        + "started(); a child run with TaskGroup.start() must signal readiness");
            }
            return null;
        }));
        self[0] = (RealTask<?>) child;
        starting.put(self[0], ready);
        try {
            return ready.await();
        } catch (CancelledError e) {
            // the wait for readiness was cancelled (which cancels the ready future too), or the
            // child was: either way the child must not run on unseen; a value that arrived in
            // the same iteration is returned by await() instead, so it never gets here
            child.cancel("the task waiting in TaskGroup.start() was cancelled");
            throw e;
        }
    }

    /** A child ended: record its failure, abort on the first one, wake the exit. */
    @Override
    public void futureDone(RealFuture<?> f) {
        RealTask<?> t = (RealTask<?>) f;
        removeChild(t);
        AsyncFuture<?> ready = starting.remove(t);
        if (ready != null && !ready.isDone()) {
            // failed or ended before it was ready: that is start()'s error, not the group's
            if (t.isCancelled()) {
                ready.cancel(t.toString() + " was cancelled before it was ready");
            } else if (t.exception() != null) {
                ready.setException(t.exception());
            }
        } else if (!t.isCancelled() && t.exception() != null) {
            errors.add(t.exception());
            // react in a callback of its own, as asyncio's done callback does: siblings already
            // woken in this iteration run their step first, so two children failing in the same
            // iteration are both reported instead of the second ending cancelled
            String why = "child task '" + t.name() + "' failed";
            loop.callSoon(() -> abort(why));
        }
        if (children.isEmpty() && allDone != null && !allDone.isDone()) {
            allDone.setResult(null);
        }
    }

    private void removeChild(RealTask<?> t) {
        int slot = t.groupSlot();
        RealTask<?> last = children.remove(children.size() - 1);
        if (last != t) {
            children.set(slot, last);
            last.groupSlot(slot);
        }
        t.groupSlot(-1);
    }

    private void abort(String why) {
        if (aborting) {
            return;
        }
        aborting = true;
        // a cancel only requests: no child ends (and leaves the list) inside this loop
        for (int i = 0; i < children.size(); i++) {
            children.get(i).cancel("TaskGroup is aborting: " + why);
        }
        if (state == State.OPEN) {
            parent.requestCancel(frame, "TaskGroup is aborting: " + why);
        }
    }

    @Override
    public void cancel() {
        loopCheck();
        abort("cancel() was called");
    }

    private void loopCheck() {
        if (!loop.inLoopContext()) {
            throw new WrongThreadException("TaskGroup.cancel() must be called from its loop; from other "
                    + "threads use loop.callSoonThreadsafe(() -> group.cancel())");
        }
    }

    @Override
    public boolean isAborting() {
        return aborting;
    }

    @Override
    public String toString() {
        return "TaskGroup[tasks=" + children.size() + ", errors=" + errors.size()
                + (aborting ? ", aborting" : "") + ", " + state.name().toLowerCase(java.util.Locale.ROOT) + "]";
    }
}
