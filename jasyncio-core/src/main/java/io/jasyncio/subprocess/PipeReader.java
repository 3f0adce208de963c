package io.jasyncio.subprocess;

import io.jasyncio.internal.io.IoThreads;
import io.jasyncio.internal.io.IoWaiter;
import io.jasyncio.internal.task.RealEventLoop;
import io.jasyncio.internal.task.RealTask;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.Semaphore;

/**
 * The reading end of a child's stdout or stderr, with the reading methods of asyncio's
 * {@code StreamReader}: {@link #read(int)}, {@link #read()}, {@link #readLine()},
 * {@link #readExactly(int)}, {@link #atEof()}.
 *
 * <p><b>Backpressure.</b> At most 128 KiB of output waits here unread. When the buffer is full
 * the pipe is no longer drained, so the child blocks in its own write until this side reads:
 * a child that produces gigabytes nobody reads costs bounded memory.
 *
 * <p><b>Threads.</b> Loop-confined: call it from tasks of the subprocess's loop. A JDK pipe can
 * only be read by blocking, so a dedicated virtual thread does the blocking reads and hands the
 * bytes to the loop through its thread-safe inbox; the loop itself never blocks, on either engine.
 *
 * <p><b>Cancellation.</b> A read cancelled while it waits consumes nothing, except
 * {@link #read()} and {@link #readExactly(int)}, which may have consumed part of the data by
 * then: after cancelling them the position in the stream is undefined.
 *
 * @asyncio {@code asyncio.StreamReader} as used by {@code asyncio.subprocess.Process}
 */
public final class PipeReader {
    /*
     * Implementation notes. The pump thread and the loop share a byte budget (credits): the pump
     * takes CHUNK credits before each blocking read and gives back what it did not use; the loop
     * gives back what a reader consumes. So buffered <= MAX_BUFFERED always, and when the pump is
     * blocked on credits, buffered > MAX_BUFFERED - CHUNK > LINE_LIMIT, which guarantees that a
     * readLine waiting for a newline is never starved by the budget (it finds the newline or
     * overruns the limit).
     *
     * Unification: the loop side is a feed-able byte buffer (feed, feedEof, feedError) exactly
     * like asyncio's StreamReader; once io.jasyncio.streams.StreamReader exists the pump can feed
     * that type instead and this class can go.
     */

    static final int CHUNK = 16 * 1024;
    static final int MAX_BUFFERED = 128 * 1024;
    /** The longest line {@link #readLine()} returns. */
    public static final int LINE_LIMIT = 64 * 1024;

    private final RealEventLoop loop;
    private final String name;
    private final InputStream in;
    /** Bytes the pump may still put in flight; see the implementation notes. Thread-safe. */
    private final Semaphore credits = new Semaphore(MAX_BUFFERED);
    /** Set by close(); read by the pump to tell its own failure from a deliberate close. */
    private volatile boolean closed;

    // loop-confined
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    /** Bytes of the head chunk already consumed. */
    private int headOffset;
    /** Unconsumed bytes in {@link #chunks}. */
    private int buffered;
    private boolean eof;
    private IOException error;
    private final IoWaiter reader = new IoWaiter(this, "read");

    PipeReader(RealEventLoop loop, String name, InputStream in) {
        this.loop = loop;
        this.name = name;
        this.in = in;
    }

    /**
     * Starts the pump thread. From here until the pump waits for the reader or ends, it counts as
     * work outside the loop that may bring bytes, so a virtual clock does not jump past them.
     */
    void start() {
        loop.externalStarted();
        IoThreads.start("jasyncio-" + name, this::pump);
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads up to {@code n} bytes: whatever is buffered (at most {@code n}), waiting only while
     * nothing is.
     *
     * @return at least one byte, or an empty array at end of stream (or when {@code n == 0})
     * @throws IllegalArgumentException if {@code n} is negative
     * @throws IllegalStateException if another task is reading this stream
     * @throws UncheckedIOException if reading the pipe failed
     * @throws io.jasyncio.CancelledError if the calling task is cancelled
     * @suspends while nothing is buffered and the child has not closed its end; a checkpoint
     *     otherwise
     * @cancellation nothing is consumed
     * @asyncio {@code StreamReader.read(n)}
     */
    public byte[] read(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("read(n) needs n >= 0, got " + n + "; use read() to read to the end");
        }
        RealTask.currentFor(loop, "PipeReader.read(n)").checkpoint();
        if (n == 0) {
            return new byte[0];
        }
        while (buffered == 0 && !eof) {
            reader.await(loop, "read(n)");
        }
        if (buffered == 0) {
            throwIfFailed();
        }
        return take(Math.min(n, buffered));
    }

    /**
     * Reads until the child closes its end.
     *
     * @return every remaining byte (empty at end of stream)
     * @throws IllegalStateException if another task is reading this stream
     * @throws UncheckedIOException if reading the pipe failed
     * @throws io.jasyncio.CancelledError if the calling task is cancelled; the bytes consumed so
     *     far are lost
     * @suspends until end of stream
     * @asyncio {@code StreamReader.read()}
     */
    public byte[] read() {
        RealTask.currentFor(loop, "PipeReader.read()").checkpoint();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        while (true) {
            if (buffered > 0) {
                all.writeBytes(take(buffered));
            }
            if (eof) {
                throwIfFailed();
                return all.toByteArray();
            }
            reader.await(loop, "read()");
        }
    }

    /**
     * Reads one line, up to and including {@code '\n'}; at end of stream, whatever is left.
     *
     * @return the line with its terminator; the last line may lack one; empty at end of stream
     * @throws IllegalStateException if the line is longer than {@link #LINE_LIMIT} bytes (the data
     *     stays buffered: read it with {@link #read(int)}), or if another task is reading
     * @throws UncheckedIOException if reading the pipe failed
     * @throws io.jasyncio.CancelledError if the calling task is cancelled
     * @suspends until a whole line is buffered or the stream ends
     * @cancellation nothing is consumed
     * @asyncio {@code StreamReader.readline()}
     */
    public byte[] readLine() {
        RealTask.currentFor(loop, "PipeReader.readLine()").checkpoint();
        while (true) {
            int end = indexOfNewline();
            if (end >= 0 || buffered >= LINE_LIMIT) {
                int length = end + 1;
                if (end < 0 || length > LINE_LIMIT) {
                    throw new IllegalStateException(this + ": line longer than " + LINE_LIMIT
                            + " bytes; the data stays buffered, read it in pieces with read(n)");
                }
                return take(length);
            }
            if (eof) {
                if (buffered == 0) {
                    throwIfFailed();
                }
                return take(buffered);
            }
            reader.await(loop, "readLine()");
        }
    }

    /**
     * Reads exactly {@code n} bytes.
     *
     * @return {@code n} bytes
     * @throws IllegalArgumentException if {@code n} is negative
     * @throws UncheckedIOException wrapping an {@link EOFException} if the stream ends first; the
     *     bytes read so far stay buffered (read them with {@link #read()}); or if reading failed
     * @throws IllegalStateException if another task is reading this stream
     * @throws io.jasyncio.CancelledError if the calling task is cancelled; the bytes consumed so
     *     far are lost
     * @suspends until {@code n} bytes arrived or the stream ends
     * @asyncio {@code StreamReader.readexactly(n)}
     */
    public byte[] readExactly(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("readExactly(n) needs n >= 0, got " + n);
        }
        RealTask.currentFor(loop, "PipeReader.readExactly()").checkpoint();
        byte[] out = new byte[n];
        int got = 0;
        while (got < n) {
            if (buffered > 0) {
                int k = Math.min(n - got, buffered);
                takeInto(out, got, k);
                got += k;
            } else if (eof) {
                throwIfFailed();
                // put the partial bytes back: the pump has ended, so no credits are needed
                if (got > 0) {
                    chunks.addFirst(Arrays.copyOf(out, got));
                    headOffset = 0;
                    buffered = got;
                }
                throw new UncheckedIOException(new EOFException(this + ": expected " + n + " bytes, the stream ended after "
                        + got + "; they stay buffered"));
            } else {
                reader.await(loop, "readExactly()");
            }
        }
        return out;
    }

    /**
     * Whether the child closed its end and every byte has been read.
     *
     * @asyncio {@code StreamReader.at_eof()}
     */
    public boolean atEof() {
        return eof && buffered == 0;
    }

    // ---------------------------------------------------------------- feeding (loop side of the pump)

    /** Loop context: bytes arrived. */
    void feed(byte[] data) {
        if (closed) {
            return;
        }
        chunks.addLast(data);
        buffered += data.length;
        reader.wake();
    }

    /** Loop context: the child closed its end. */
    void feedEof() {
        eof = true;
        reader.wake();
    }

    /** Loop context: reading the pipe failed. */
    void feedError(IOException e) {
        if (!closed) {
            error = e;
        }
        feedEof();
    }

    /**
     * Closes the pipe: buffered bytes are dropped, readers see end of stream, and the pump thread
     * ends. Not suspending; idempotent. Loop context.
     */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        chunks.clear();
        buffered = 0;
        headOffset = 0;
        credits.release(MAX_BUFFERED);
        try {
            in.close();
        } catch (IOException e) {
            // closing a pipe we own: nothing to report
        }
        feedEof();
    }

    // ---------------------------------------------------------------- helpers

    private void pump() {
        byte[] buf = new byte[CHUNK];
        try {
            while (true) {
                if (!credits.tryAcquire(CHUNK)) {
                    // the reader is behind: nothing arrives until it reads, so a virtual clock may move
                    loop.externalEnded();
                    credits.acquireUninterruptibly(CHUNK);
                    loop.externalStarted();
                }
                if (closed) {
                    return;
                }
                int n = in.read(buf);
                if (n < 0) {
                    loop.scheduleFromOutside(this::feedEof);
                    return;
                }
                byte[] data = Arrays.copyOf(buf, n);
                loop.scheduleFromOutside(() -> feed(data));
                credits.release(CHUNK - n);
            }
        } catch (IOException e) {
            loop.scheduleFromOutside(() -> feedError(e));
        } finally {
            loop.externalEnded();
        }
    }

    private void throwIfFailed() {
        if (error != null) {
            throw new UncheckedIOException(this + ": reading the pipe failed: " + error.getMessage(), error);
        }
    }

    private int indexOfNewline() {
        int pos = 0;
        int skip = headOffset;
        for (byte[] c : chunks) {
            for (int i = skip; i < c.length; i++, pos++) {
                if (c[i] == '\n') {
                    return pos;
                }
            }
            skip = 0;
        }
        return -1;
    }

    private byte[] take(int n) {
        byte[] out = new byte[n];
        takeInto(out, 0, n);
        return out;
    }

    private void takeInto(byte[] out, int off, int n) {
        int left = n;
        while (left > 0) {
            byte[] head = chunks.peekFirst();
            int k = Math.min(left, head.length - headOffset);
            System.arraycopy(head, headOffset, out, off + n - left, k);
            left -= k;
            headOffset += k;
            if (headOffset == head.length) {
                chunks.pollFirst();
                headOffset = 0;
            }
        }
        buffered -= n;
        credits.release(n);
    }

    @Override
    public String toString() {
        return "PipeReader[" + name + ", buffered=" + buffered + (atEof() ? ", eof" : "") + (closed ? ", closed" : "") + "]";
    }
}
