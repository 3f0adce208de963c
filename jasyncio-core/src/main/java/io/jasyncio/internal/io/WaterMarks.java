package io.jasyncio.internal.io;

/**
 * The flow control of a write buffer, shared by every transport that queues writes (sockets,
 * datagram sockets, pipes): the high- and low-water marks, and whether the protocol was told to
 * pause. The transport asks after each change of its queued byte count and calls the protocol's
 * {@code pauseWriting}/{@code resumeWriting} when told to. Loop-confined.
 */
final class WaterMarks {
    static final int DEFAULT_HIGH = 64 * 1024;
    static final int DEFAULT_LOW = 16 * 1024;

    private int high = DEFAULT_HIGH;
    private int low = DEFAULT_LOW;
    private boolean paused;

    /** The high-water mark. */
    int high() {
        return high;
    }

    /** The low-water mark. */
    int low() {
        return low;
    }

    /**
     * Sets both marks; the caller then checks {@link #pauseNow}/{@link #resumeNow} again.
     *
     * @throws IllegalArgumentException unless {@code 0 <= low <= high}
     */
    void set(int high, int low) {
        if (low < 0 || high < low) {
            throw new IllegalArgumentException("write buffer limits need 0 <= low <= high, got high=" + high
                    + ", low=" + low);
        }
        this.high = high;
        this.low = low;
    }

    /**
     * {@code setWriteBufferLimits} of a stream transport: sets both marks and tells
     * {@code protocol} to pause or resume if {@code queued} now calls for it.
     */
    void set(int high, int low, long queued, io.jasyncio.transports.Protocol protocol) {
        set(high, low);
        if (pauseNow(queued)) {
            protocol.pauseWriting();
        } else if (resumeNow(queued)) {
            protocol.resumeWriting();
        }
    }

    /** Whether {@code queued} just went above the high mark: tell the protocol to pause. */
    boolean pauseNow(long queued) {
        if (!paused && queued > high) {
            paused = true;
            return true;
        }
        return false;
    }

    /** Whether {@code queued} just came down to the low mark while paused: tell the protocol to resume. */
    boolean resumeNow(long queued) {
        if (paused && queued <= low) {
            paused = false;
            return true;
        }
        return false;
    }

    /** Forgets a pause (the transport is gone; nobody will be resumed). */
    void reset() {
        paused = false;
    }
}
