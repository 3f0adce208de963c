package io.jasyncio.internal.task;

import io.jasyncio.CancelledError;

/**
 * One level of a task's cancel-scope stack: the task itself (the root), a timeout, a task
 * group or a shield. Cancellation is requested <em>of a frame</em>, so every delivered
 * {@link CancelledError} knows which scope asked for it, and nesting is right by construction
 * (no counters shared between scopes, unlike asyncio's {@code cancelling()} bookkeeping).
 *
 * <p><b>Invariants.</b>
 * <ol>
 * <li>F1: {@code pending} implies {@code requests > 0}.</li>
 * <li>F2: a frame's task counts exactly the pending frames still on its stack
 *     ({@code RealTask.outstanding}).</li>
 * <li>F3: delivery is edge-triggered: one request, or several made before delivery, raise one
 *     {@code CancelledError}; a request made after delivery raises another.</li>
 * </ol>
 * Loop-confined.
 */
public final class CancelFrame {
    final CancelFrame parent;
    /** Cancellations of frames outside this one are not delivered while it is on the stack. */
    final boolean shield;
    /** What opened it (Timeout, TaskGroup, ...), for {@code toString} and debugging. */
    final Object owner;
    /** Requests not withdrawn; the root's is {@code Task.cancelling()}. */
    int requests;
    /** A request waits to be delivered at the next checkpoint (F1). */
    boolean pending;
    /** The message of the latest request. */
    String message;
    /** The error delivered for this frame's latest request, recognised by identity on exit. */
    CancelledError delivered;
    /** The task's cancel epoch when this frame was entered and when it was last requested. */
    int entryEpoch;
    int requestEpoch;
    /** Loop time of the last delivery, and whether debug mode reported it swallowed. */
    long deliveredAt;
    boolean swallowReported;
    /** The loop time by which this frame cancels itself, or {@link Long#MAX_VALUE}. */
    long deadline = Long.MAX_VALUE;
    /**
     * The owning scope's expiry while its deadline is armed and has not fired, else null. Run
     * once, by the scope's timer or by a checkpoint that finds the deadline already due
     * ({@code RealTask.expireFrame}), whichever comes first.
     */
    Runnable onDue;
    boolean onStack;

    CancelFrame(CancelFrame parent, boolean shield, Object owner) {
        this.parent = parent;
        this.shield = shield;
        this.owner = owner;
    }

    /** Whether a cancellation of this frame was requested and not withdrawn. */
    public boolean cancelRequested() {
        return requests > 0;
    }

    /** Whether {@code error} is the cancellation this frame delivered. */
    public boolean isOwn(Throwable error) {
        return error != null && error == delivered;
    }

    /** The cancellation this frame delivered last, or null. */
    public CancelledError delivered() {
        return delivered;
    }

    public long deadline() {
        return deadline;
    }

    @Override
    public String toString() {
        return "CancelFrame[" + owner + (requests > 0 ? ", cancel requested" : "") + (shield ? ", shield" : "") + "]";
    }
}
