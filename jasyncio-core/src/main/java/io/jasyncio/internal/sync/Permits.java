package io.jasyncio.internal.sync;

import io.jasyncio.internal.task.RealTask;

/**
 * The counting semaphore behind {@code AsyncSemaphore} and {@code AsyncBoundedSemaphore}.
 *
 * <p>A release while tasks wait hands the permit straight to the first of them, so the count
 * stays 0 and a task that releases and acquires again queues behind them (no barging).
 *
 * <p><b>Invariants.</b> P1 {@code value >= 0}; P2 tasks wait only while {@code value == 0};
 * P3 with a bound, {@code value <= bound}. Loop-confined.
 */
public final class Permits implements WaitQueue.Owner {
    private final LoopBound bound;
    private final WaitQueue waiters;
    /** P1, P2, P3. */
    private int value;
    /** The maximum of {@code value}, or -1 for none. */
    private final int max;
    private final String kind;
    /** Operation names for messages, built once: a concatenation per call shows on the hot path. */
    private final String opAcquire;
    private final String opTryAcquire;
    private final String opRelease;
    private final String opValue;
    private final String opWaiting;
    private final String opIsLocked;

    public Permits(Object owner, String kind, int initial, boolean bounded) {
        if (initial < 0) {
            throw new IllegalArgumentException(kind + " needs an initial value >= 0, got " + initial);
        }
        this.kind = kind;
        this.opAcquire = kind + ".acquire()";
        this.opTryAcquire = kind + ".tryAcquire()";
        this.opRelease = kind + ".release()";
        this.opValue = kind + ".value()";
        this.opWaiting = kind + ".waiting()";
        this.opIsLocked = kind + ".isLocked()";
        this.value = initial;
        this.max = bounded ? initial : -1;
        this.bound = new LoopBound(owner);
        this.waiters = new WaitQueue(this, kind + ".acquire");
    }

    /** Takes a permit, waiting for one when none is free. */
    public void acquire() {
        RealTask<?> t = bound.task(opAcquire);
        t.checkpoint();
        if (value > 0) {
            value--;
            return;
        }
        waiters.park(t, null);
    }

    /** Takes a permit if one is free now. */
    public boolean tryAcquire() {
        bound.check(opTryAcquire);
        if (value > 0) {
            value--;
            return true;
        }
        return false;
    }

    public void release() {
        bound.check(opRelease);
        if (max >= 0 && value >= max) {
            throw new IllegalStateException(kind + " released more often than acquired (value " + value
                    + " is already the bound): release only what you acquired, or use AsyncSemaphore");
        }
        passOn();
    }

    private void passOn() {
        if (waiters.grantFirst(null) == null) {
            value++;
        }
        assert value >= 0 && (value == 0 || waiters.isEmpty()) && (max < 0 || value <= max) : this;
    }

    @Override
    public void grantRefused(WaitQueue.Waiter w) {
        passOn();
    }

    public int value() {
        bound.check(opValue);
        return value;
    }

    public int waiting() {
        bound.check(opWaiting);
        return waiters.size();
    }

    public boolean isLocked() {
        bound.check(opIsLocked);
        return value == 0;
    }

    /** The bound on {@code value}, or -1 for none; fixed at construction. */
    public int max() {
        return max;
    }

    @Override
    public String toString() {
        return kind + "[" + (value == 0 ? "locked" : "unlocked, value=" + value) + ", waiters=" + waiters.size() + "]";
    }
}
