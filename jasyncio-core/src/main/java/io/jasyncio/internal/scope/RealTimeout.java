package io.jasyncio.internal.scope;

import io.jasyncio.AsyncTimeoutException;
import io.jasyncio.CancelledError;
import io.jasyncio.TimerHandle;
import io.jasyncio.Timeout;
import io.jasyncio.TimeoutBody;
import io.jasyncio.internal.task.CancelFrame;
import io.jasyncio.internal.task.RealEventLoop;
import io.jasyncio.internal.task.RealTask;
import java.time.Duration;

/**
 * A deadline scope: a {@link CancelFrame} whose timer requests the frame's cancellation, and
 * which converts only that cancellation on exit.
 *
 * <pre>
 *   PENDING --timer fires, or a checkpoint finds the deadline due--> EXPIRED
 *                                         (the body gets its CancelledError at that checkpoint or its next)
 *   PENDING/EXPIRED --body ends--> EXITED (timer dropped; own cancellation converted)
 * </pre>
 *
 * The same class backs {@code timeout}, {@code timeoutAt}, {@code moveOnAfter} (fallback instead
 * of an exception), {@code waitFor} and {@code shielded} (a shield frame, optionally with its own
 * deadline). Loop-confined.
 */
public final class RealTimeout implements Timeout {

    private enum State { PENDING, EXPIRED, EXITED }

    private final RealTask<?> task;
    private final RealEventLoop loop;
    private final CancelFrame frame;
    private final String what;
    /** Loop time at entry: the budget in the timeout message is measured from here. */
    private final long entered;
    private State state = State.PENDING;
    /** The deadline passed while the scope ran (stays true after exit). */
    private boolean fired;
    private TimerHandle timer;

    private RealTimeout(RealTask<?> task, boolean shield, String what) {
        this.task = task;
        this.loop = task.realLoop();
        this.what = what;
        this.entered = loop.time();
        this.frame = task.pushFrame(shield, this);
    }

    /**
     * Runs {@code body} with a deadline at loop time {@code when}; see {@code Asyncio.timeoutAt}.
     *
     * @param fallback when {@code moveOn}, returned instead of throwing on expiry
     */
    public static <T, X extends Exception> T run(long when, boolean shield, boolean moveOn, T fallback,
                                                   String what, TimeoutBody<T, X> body) throws X {
        RealTask<?> task = RealTask.currentFor(null, what);
        RealTimeout scope = new RealTimeout(task, shield, what);
        T value = null;
        Throwable thrown = null;
        try {
            scope.reschedule(when);
            value = body.call(scope);
        } catch (Throwable t) {
            thrown = t;
        } finally {
            scope.exit();
        }
        Throwable out = task.popFrame(scope.frame, thrown);
        if (thrown == null) {
            return value;
        }
        if (out == null) {
            if (moveOn) {
                return fallback;
            }
            throw new AsyncTimeoutException("timed out after " + budget(scope.frame.deadline() - scope.entered)
                    + " (" + what + ")", thrown);
        }
        throw RealTimeout.<X>sneaky(out);
    }

    /** A budget for people: {@code 2 s}, {@code 1.5 s}, {@code 150 ms}, {@code 20 us}, {@code 0 s}. */
    static String budget(long nanos) {
        if (nanos <= 0) {
            return "0 s";
        }
        if (nanos >= 1_000_000_000L) {
            return java.math.BigDecimal.valueOf(nanos / 1_000_000, 3).stripTrailingZeros().toPlainString() + " s";
        }
        if (nanos >= 1_000_000L) {
            return java.math.BigDecimal.valueOf(nanos / 1_000, 3).stripTrailingZeros().toPlainString() + " ms";
        }
        return java.math.BigDecimal.valueOf(nanos, 3).stripTrailingZeros().toPlainString() + " us";
    }

    /** Rethrows {@code t} unchanged; the scope's signature declares the body's own {@code X}. */
    @SuppressWarnings("unchecked")
    static <X extends Exception> X sneaky(Throwable t) throws X {
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw (X) t;
    }

    private void exit() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        state = State.EXITED;
    }

    @Override
    public long deadline() {
        return frame.deadline();
    }

    @Override
    public void reschedule(long when) {
        if (fired) {
            throw new IllegalStateException(this + ": reschedule() is too late, the deadline already expired "
                    + "(the body was cancelled by it); open a new scope to set another deadline");
        }
        if (state == State.EXITED) {
            throw new IllegalStateException(this + ": reschedule() after the scope exited has no effect; "
                    + "call it from inside the body");
        }
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        task.armDeadline(frame, when, this::expire);
        if (when == Long.MAX_VALUE) {
            return;
        }
        // the timer delivers the deadline while the body waits; a deadline already due is
        // delivered by the body's next checkpoint (RealTask.checkCancel), so a body that reaches
        // no checkpoint still returns its value, as in asyncio
        timer = loop.callAt(when, () -> task.expireFrame(frame));
    }

    @Override
    public void reschedule(Duration delay) {
        if (delay == null) {
            throw new NullPointerException("reschedule() got a null delay; a timeout is never null in jasyncio. "
                    + "For no deadline, use reschedule(Long.MAX_VALUE)");
        }
        if (delay.isNegative()) {
            throw new IllegalArgumentException("a timeout needs a delay >= 0, got " + delay);
        }
        reschedule(loop.time() + RealEventLoop.saturatedNanos(delay));
    }

    private void expire() {
        if (state != State.PENDING) {
            return;
        }
        state = State.EXPIRED;
        fired = true;
        if (timer != null) {
            timer.cancel(); // expired by a checkpoint before its timer ran
            timer = null;
        }
        task.requestCancel(frame, what + ": deadline passed");
    }

    @Override
    public boolean expired() {
        return fired;
    }

    /** Whether {@code e} is the cancellation this scope delivered. */
    boolean isOwn(CancelledError e) {
        return frame.isOwn(e);
    }

    @Override
    public String toString() {
        long d = frame.deadline();
        return "Timeout[" + what + ", " + state.name().toLowerCase(java.util.Locale.ROOT)
                + (d == Long.MAX_VALUE ? ", no deadline" : ", deadline in " + Duration.ofNanos(d - loop.time())) + "]";
    }
}
