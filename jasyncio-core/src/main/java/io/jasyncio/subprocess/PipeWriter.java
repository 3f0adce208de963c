package io.jasyncio.subprocess;

import io.jasyncio.internal.io.Confinement;
import io.jasyncio.internal.io.IoThreads;
import io.jasyncio.internal.io.IoWaiter;
import io.jasyncio.internal.task.RealEventLoop;
import io.jasyncio.internal.task.RealTask;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The writing end of a child's stdin, with the writing methods of asyncio's
 * {@code StreamWriter}: {@link #write(byte[])} queues bytes without waiting, {@link #drain()}
 * waits while too many are queued, {@link #send(byte[])} does both, {@link #close()} ends the
 * child's input once the queued bytes are written.
 *
 * <p><b>Backpressure.</b> {@code write} never waits, so a loop of writes without {@code drain}
 * can queue without bound, as in asyncio. {@code drain} waits once more than 64 KiB are queued,
 * until at most 16 KiB are left. Prefer {@link #send(byte[])}, which applies backpressure by
 * itself (Trio's {@code send_all}).
 *
 * <p><b>Threads.</b> Loop-confined. A dedicated virtual thread, started on the first write, does
 * the blocking writes into the pipe and reports progress to the loop through its inbox.
 *
 * @asyncio {@code asyncio.StreamWriter} as used by {@code asyncio.subprocess.Process}
 */
public final class PipeWriter implements AutoCloseable {
    /*
     * Unification: the loop-side state (queued byte count, high/low water marks, the drain
     * waiter) is what io.jasyncio.streams.StreamWriter keeps for a socket; only the sink differs
     * (a thread writing a JDK OutputStream instead of a selector-driven channel).
     */

    static final int HIGH_WATER = 64 * 1024;
    static final int LOW_WATER = 16 * 1024;
    /** Queued writes are split into pieces of this size so progress is reported as it happens. */
    private static final int PIECE = 64 * 1024;
    /** Tells the writer thread to close the pipe. */
    private static final byte[] END = new byte[0];

    private final RealEventLoop loop;
    private final String name;
    private final OutputStream out;
    /** From the loop to the writer thread; unbounded, as asyncio's write buffer is. */
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();

    // loop-confined
    /** Whether the writer thread was started (on the first write). */
    private boolean started;
    /** Bytes queued and not yet written into the pipe. */
    private long pending;
    /** Above the high-water mark and not yet back at the low one. */
    private boolean paused;
    private boolean closing;
    /** Closed by {@link #abort()}: a failure after that is expected and not reported. */
    private boolean aborted;
    private IOException error;
    private final IoWaiter drainer = new IoWaiter(this, "drain");

    PipeWriter(RealEventLoop loop, String name, OutputStream out) {
        this.loop = loop;
        this.name = name;
        this.out = out;
    }

    /**
     * Queues {@code data} for the child (a copy is taken) and returns at once.
     *
     * @throws IllegalStateException if the writer was closed
     * @throws UncheckedIOException if an earlier write failed (typically: the child closed its
     *     stdin or exited, a broken pipe)
     * @throws WrongThreadException if not called from the subprocess's loop
     * @suspends never
     * @asyncio {@code StreamWriter.write}
     */
    public void write(byte[] data) {
        checkLoop("write()");
        if (closing) {
            throw new IllegalStateException(this + " is closed: write() after close() is not allowed");
        }
        throwIfFailed();
        if (data.length == 0) {
            return;
        }
        for (int off = 0; off < data.length; off += PIECE) {
            // a queued piece counts as outside work until written, so a virtual clock waits for it
            loop.externalStarted();
            queue.add(Arrays.copyOfRange(data, off, Math.min(data.length, off + PIECE)));
        }
        pending += data.length;
        if (pending > HIGH_WATER) {
            paused = true;
        }
        if (!started) {
            started = true;
            IoThreads.start("jasyncio-" + name, this::pump);
        }
    }

    /**
     * Waits until the queued bytes are down to the low-water mark, if they went above the high one.
     *
     * @throws UncheckedIOException if writing into the pipe failed (a broken pipe)
     * @throws IllegalStateException if another task is draining this writer
     * @throws io.jasyncio.CancelledError if the calling task is cancelled; the queued bytes are
     *     still written
     * @suspends while paused; a checkpoint otherwise
     * @asyncio {@code StreamWriter.drain()}
     */
    public void drain() {
        RealTask.currentFor(loop, "PipeWriter.drain()").checkpoint();
        while (paused && error == null) {
            drainer.await(loop, "drain()");
        }
        throwIfFailed();
    }

    /**
     * {@link #write(byte[])} then {@link #drain()}: the backpressured way to send.
     *
     * @throws IllegalStateException if the writer was closed
     * @throws UncheckedIOException if writing into the pipe failed
     * @throws io.jasyncio.CancelledError if the calling task is cancelled while draining
     * @suspends while too many bytes are queued
     */
    public void send(byte[] data) {
        write(data);
        drain();
    }

    /** Bytes queued and not yet written into the pipe. @asyncio {@code get_write_buffer_size()} */
    public long writeBufferSize() {
        return pending;
    }

    /** Whether {@link #close()} was called. @asyncio {@code StreamWriter.is_closing()} */
    public boolean isClosing() {
        return closing;
    }

    /**
     * Closes the child's stdin once every queued byte is written (the child then reads end of
     * file). Not suspending; idempotent.
     *
     * @throws WrongThreadException if not called from the subprocess's loop
     * @asyncio {@code StreamWriter.close()}
     */
    @Override
    public void close() {
        checkLoop("close()");
        if (closing) {
            return;
        }
        closing = true;
        if (!started) {
            closePipe();
        } else {
            queue.add(END);
        }
    }

    /** Drops what is queued and closes the pipe as soon as the writer thread is free. */
    void abort() {
        dropQueued();
        pending = 0;
        paused = false;
        closing = true;
        aborted = true;
        drainer.wake();
        if (!started) {
            closePipe();
        } else {
            queue.add(END);
        }
    }

    // ---------------------------------------------------------------- writer thread

    private void pump() {
        while (true) {
            byte[] piece = takeUninterruptibly();
            if (piece == END) {
                closePipe();
                return;
            }
            try {
                out.write(piece);
                out.flush();
                loop.scheduleFromOutside(() -> written(piece.length));
            } catch (IOException e) {
                dropQueued();
                closePipe();
                loop.scheduleFromOutside(() -> failed(e));
                return;
            } finally {
                loop.externalEnded();
            }
        }
    }

    /** Any thread: empties the queue; each piece removed ends its count as outside work. */
    private void dropQueued() {
        List<byte[]> dropped = new ArrayList<>();
        queue.drainTo(dropped);
        for (byte[] piece : dropped) {
            if (piece != END) {
                loop.externalEnded();
            }
        }
    }

    private byte[] takeUninterruptibly() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return queue.take();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Loop context: the writer thread put {@code n} bytes into the pipe. */
    private void written(int n) {
        pending = Math.max(0, pending - n);
        if (paused && pending <= LOW_WATER) {
            paused = false;
            drainer.wake();
        }
    }

    /** Loop context: writing failed. */
    private void failed(IOException e) {
        if (!aborted) {
            error = e;
        }
        pending = 0;
        paused = false;
        drainer.wake();
    }

    private void closePipe() {
        try {
            out.close();
        } catch (IOException e) {
            // the child is gone: nothing left to tell it
        }
    }

    private void throwIfFailed() {
        if (error != null) {
            throw new UncheckedIOException(this + ": writing to the child failed: " + error.getMessage(), error);
        }
    }

    private void checkLoop(String what) {
        Confinement.check(loop, this, what);
    }

    @Override
    public String toString() {
        return "PipeWriter[" + name + ", pending=" + pending + (closing ? ", closing" : "") + (error != null ? ", failed" : "") + "]";
    }
}
