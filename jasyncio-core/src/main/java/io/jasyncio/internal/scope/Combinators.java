package io.jasyncio.internal.scope;

import io.jasyncio.AsyncFuture;
import io.jasyncio.AsyncTimeoutException;
import io.jasyncio.Awaitable;
import io.jasyncio.CancelledError;
import io.jasyncio.ReturnWhen;
import io.jasyncio.WaitResult;
import io.jasyncio.internal.task.DoneListener;
import io.jasyncio.internal.task.RealEventLoop;
import io.jasyncio.internal.task.RealFuture;
import io.jasyncio.internal.task.RealTask;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * {@code gather}, {@code wait}, {@code asCompleted}, {@code waitFor} and {@code shield} with
 * asyncio semantics. Each turns its awaitables into futures of the caller's loop first (an
 * awaitable that is not a future runs in a task of its own, as {@code ensure_future} does).
 */
public final class Combinators {
    private Combinators() {
    }

    /**
     * One future per argument; the same awaitable (by identity) given several times is wrapped
     * once and its future repeated, as asyncio wraps each distinct awaitable once: its side
     * effects happen once.
     */
    private static <T> List<RealFuture<T>> futures(RealEventLoop loop, Collection<? extends Awaitable<? extends T>> aws) {
        List<RealFuture<T>> fs = new ArrayList<>(aws.size());
        Map<Awaitable<?>, RealFuture<T>> wrapped = new IdentityHashMap<>();
        for (Awaitable<? extends T> a : aws) {
            @SuppressWarnings("unchecked")
            Awaitable<T> aw = (Awaitable<T>) a;
            fs.add(wrapped.computeIfAbsent(aw, x -> loop.ensureFuture(aw)));
        }
        return fs;
    }

    /** Each future of {@code fs} once, in order of first appearance (futures compare by identity). */
    private static <T> List<RealFuture<T>> distinct(List<RealFuture<T>> fs) {
        return new ArrayList<>(new LinkedHashSet<>(fs));
    }

    // ---------------------------------------------------------------- gather

    /**
     * Waits for all; the values in argument order. The first failure propagates at once and the
     * others keep running (asyncio); with {@code returnExceptions} failures take their place in
     * the list instead. Cancelling the caller cancels every child.
     */
    public static <T> List<Object> gather(Collection<? extends Awaitable<? extends T>> aws, boolean returnExceptions) {
        RealTask<?> task = RealTask.currentFor(null, "gather()");
        RealEventLoop loop = task.realLoop();
        List<RealFuture<T>> fs = futures(loop, aws);
        List<RealFuture<T>> children = distinct(fs);
        RealFuture<Void> outer = (RealFuture<Void>) loop.<Void>createFuture();
        int[] left = {children.size()};
        RealFuture<?>[] firstFailed = new RealFuture<?>[1];
        DoneListener l = f -> {
            left[0]--;
            if (outer.isDone()) {
                if (!f.isCancelled()) {
                    // gather has propagated a failure or was cancelled: a later failure has
                    // nobody to go to, so it counts as retrieved (asyncio), not "never retrieved"
                    f.exception();
                }
                return;
            }
            if (!returnExceptions && (f.isCancelled() || f.exception() != null)) {
                firstFailed[0] = f;
                outer.setResult(null);
            } else if (left[0] == 0) {
                outer.setResult(null);
            }
        };
        for (RealFuture<T> f : children) {
            f.addListener(l);
        }
        if (fs.isEmpty()) {
            return new ArrayList<>();
        }
        try {
            outer.await();
        } catch (CancelledError e) {
            for (RealFuture<T> f : children) {
                f.cancel(e.getMessage());
            }
            throw e;
        }
        RealFuture<?> failed = firstFailed[0];
        if (failed != null) {
            // the first failure, in the order they happened, propagates; the others keep running
            if (failed.isCancelled()) {
                throw new CancelledError(failed + " passed to gather() was cancelled");
            }
            failed.result();
        }
        List<Object> out = new ArrayList<>(fs.size());
        for (RealFuture<T> f : fs) {
            if (f.isCancelled()) {
                // the child's own cancel message, empty when it had none (asyncio)
                String m = f.cancelMessage();
                out.add(new CancelledError(m == null ? "" : m));
            } else if (f.exception() != null) {
                out.add(f.exception());
            } else {
                out.add(f.result());
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- wait

    /** asyncio's {@code wait}: never raises the children's failures; {@code timeoutNanos < 0}: none. */
    public static <T> WaitResult<T> wait(Collection<? extends Awaitable<? extends T>> aws, ReturnWhen when,
                                         long timeoutNanos) {
        if (aws.isEmpty()) {
            throw new IllegalArgumentException("wait() needs at least one awaitable");
        }
        RealTask<?> task = RealTask.currentFor(null, "wait()");
        RealEventLoop loop = task.realLoop();
        List<RealFuture<T>> fs = distinct(futures(loop, aws));
        RealFuture<Void> outer = (RealFuture<Void>) loop.<Void>createFuture();
        int[] left = {fs.size()};
        DoneListener l = f -> {
            left[0]--;
            if (outer.isDone()) {
                return;
            }
            boolean stop = switch (when) {
                case FIRST_COMPLETED -> true;
                case FIRST_EXCEPTION -> left[0] == 0 || (!f.isCancelled() && f.exception() != null);
                case ALL_COMPLETED -> left[0] == 0;
            };
            if (stop) {
                outer.setResult(null);
            }
        };
        for (RealFuture<T> f : fs) {
            f.addListener(l);
        }
        try {
            if (timeoutNanos >= 0) {
                RealTimeout.run(loop.time() + timeoutNanos, false, true, null, "wait()", t -> outer.await());
            } else {
                outer.await();
            }
        } finally {
            for (RealFuture<T> f : fs) {
                f.removeListener(l);
            }
        }
        Set<AsyncFuture<T>> done = new LinkedHashSet<>();
        Set<AsyncFuture<T>> pending = new LinkedHashSet<>();
        for (RealFuture<T> f : fs) {
            (f.isDone() ? done : pending).add(f);
        }
        return new WaitResult<>(done, pending);
    }

    // ---------------------------------------------------------------- asCompleted

    /** Futures in the order they complete; {@code next()} suspends. {@code timeoutNanos < 0}: none. */
    public static <T> Iterable<AsyncFuture<T>> asCompleted(Collection<? extends Awaitable<? extends T>> aws,
                                                           long timeoutNanos) {
        RealTask<?> task = RealTask.currentFor(null, "asCompleted()");
        RealEventLoop loop = task.realLoop();
        List<RealFuture<T>> fs = distinct(futures(loop, aws));
        long deadline = timeoutNanos < 0 ? Long.MAX_VALUE : loop.time() + timeoutNanos;
        ArrayDeque<AsyncFuture<T>> completed = new ArrayDeque<>();
        @SuppressWarnings("unchecked")
        RealFuture<Void>[] signal = new RealFuture[1];
        DoneListener l = f -> {
            @SuppressWarnings("unchecked")
            AsyncFuture<T> ft = (AsyncFuture<T>) f;
            completed.add(ft);
            if (signal[0] != null && !signal[0].isDone()) {
                signal[0].setResult(null);
            }
        };
        for (RealFuture<T> f : fs) {
            f.addListener(l);
        }
        int total = fs.size();
        Iterator<AsyncFuture<T>> it = new Iterator<>() {
            private int yielded;

            @Override
            public boolean hasNext() {
                return yielded < total;
            }

            @Override
            public AsyncFuture<T> next() {
                if (yielded >= total) {
                    throw new NoSuchElementException("asCompleted(): every awaitable was returned already");
                }
                while (completed.isEmpty()) {
                    signal[0] = (RealFuture<Void>) loop.<Void>createFuture();
                    boolean arrived = RealTimeout.run(deadline, false, true, false, "asCompleted()", t -> {
                        signal[0].await();
                        return true;
                    });
                    if (!arrived) {
                        throw new AsyncTimeoutException("asCompleted(): the timeout passed with "
                                + (total - yielded) + " awaitables still pending", null);
                    }
                }
                yielded++;
                return completed.poll();
            }
        };
        return () -> it;
    }

    // ---------------------------------------------------------------- shield

    /**
     * A future that completes like {@code aw} but whose cancellation does not reach it: the
     * awaiting task can be cancelled while the inner operation keeps running.
     */
    public static <T> AsyncFuture<T> shield(Awaitable<T> aw) {
        RealTask<?> task = RealTask.currentFor(null, "shield()");
        RealEventLoop loop = task.realLoop();
        RealFuture<T> inner = loop.ensureFuture(aw);
        if (inner.isDone()) {
            return inner;
        }
        RealFuture<T> outer = (RealFuture<T>) loop.<T>createFuture();
        inner.addListener(f -> {
            if (outer.isDone()) {
                if (!inner.isCancelled()) {
                    inner.exception(); // the shielded caller is gone: mark retrieved, it is not lost
                }
                return;
            }
            if (inner.isCancelled()) {
                outer.cancel(inner.toString() + " was cancelled");
            } else if (inner.exception() != null) {
                outer.setException(inner.exception());
            } else {
                outer.setResult(inner.result());
            }
        });
        return outer;
    }
}
