package io.jasyncio.internal.io;

import io.jasyncio.internal.task.RealTask;
import io.jasyncio.streams.IncompleteReadException;
import io.jasyncio.streams.LimitOverrunException;
import io.jasyncio.streams.StreamReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The {@link StreamReader} of a {@link StreamConnection}: the protocol side feeds it, a task
 * reads it.
 *
 * <p><b>Invariants.</b> R1: at most one task waits ({@link #waiter} has at most one entry).
 * R2: reading is paused only while more than twice the limit is buffered, or until a waiting
 * reader resumes it. R3: a read that waits consumes nothing until it returns.
 */
final class RealStreamReader implements StreamReader {
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] NEWLINE = {'\n'};

    private final StreamConnection conn;
    private final int limit;
    /** Loop nanoseconds a read may wait, or 0 for no timeout. */
    private final long readTimeoutNanos;
    private final ReadBuffer buffer = new ReadBuffer();
    private final IoWait waiter = new IoWait("StreamReader.read");
    private boolean eof;
    private IOException error;
    /** This reader paused the transport's reading (R2). */
    private boolean paused;

    RealStreamReader(StreamConnection conn, int limit, long readTimeoutNanos) {
        this.conn = conn;
        this.limit = limit;
        this.readTimeoutNanos = readTimeoutNanos;
    }

    // ---------------------------------------------------------------- protocol side

    void feed(ByteBuffer data) {
        buffer.append(data);
        waiter.wakeAll();
        if (!paused && buffer.size() > 2 * limit) {
            paused = true;
            conn.transport().pauseReading();
        }
    }

    void feedEof() {
        eof = true;
        waiter.wakeAll();
    }

    void fail(IOException e) {
        if (error == null) {
            error = e;
        }
        eof = true;
        waiter.wakeAll();
    }

    /** Whether the end of stream or an error was fed (a memory stream refuses data after it). */
    boolean endReceived() {
        return eof;
    }

    /** Bytes buffered and not read (startTls refuses to start over unread data). */
    int buffered() {
        return buffer.size();
    }

    // ---------------------------------------------------------------- reading

    @Override
    public byte[] read(int n) throws IOException {
        if (n < 0) {
            throw new IllegalArgumentException("read(n) needs n >= 0, got " + n + "; use read() to read to the end");
        }
        RealTask<?> t = task("StreamReader.read(n)");
        if (buffer.size() == 0 && !eof && n > 0) {
            waitForData(t);
        } else {
            // read(0) never waits for data, as asyncio's read(0) (StreamReaderTest#readZeroOnAnEmptyBufferReturnsAtOnce)
            t.checkpoint();
        }
        if (buffer.size() == 0) {
            throwError();
            return EMPTY;
        }
        return consume(Math.min(n, buffer.size()));
    }

    @Override
    public byte[] read() throws IOException {
        RealTask<?> t = task("StreamReader.read()");
        t.checkpoint();
        while (!eof) {
            waitForData(t);
        }
        throwError();
        return consume(buffer.size());
    }

    @Override
    public byte[] readExactly(int n) throws IOException {
        if (n < 0) {
            throw new IllegalArgumentException("readExactly(n) needs n >= 0, got " + n);
        }
        RealTask<?> t = task("StreamReader.readExactly(n)");
        if (n > limit) {
            // n usually comes from the peer (a length prefix): bound it before buffering anything
            // (StreamReaderTest#readExactlyOfMoreThanTheLimitFailsBeforeBufferingAnything)
            throw new LimitOverrunException("StreamReader.readExactly(" + n + ") asks for more than this reader's "
                    + "limit of " + limit + " bytes; nothing was read. If messages that large are legitimate, raise "
                    + "the limit (ConnectOptions/ServerOptions.withLimit) or read them in pieces with read(n)", 0);
        }
        t.checkpoint();
        while (buffer.size() < n) {
            if (eof) {
                throwError();
                throw new IncompleteReadException(consume(buffer.size()), n);
            }
            waitForData(t);
        }
        return consume(n);
    }

    @Override
    public byte[] readUntil(byte[] separator) throws IOException {
        checkSeparator(separator);
        return until(separator, null, separator.length, false, "StreamReader.readUntil(separator)");
    }

    @Override
    public byte[] readUntil(List<byte[]> separators) throws IOException {
        if (separators.isEmpty()) {
            throw new IllegalArgumentException("readUntil needs at least one separator, got an empty list");
        }
        byte[][] seps = separators.toArray(new byte[0][]);
        int longest = 0;
        for (byte[] sep : seps) {
            checkSeparator(sep);
            longest = Math.max(longest, sep.length);
        }
        return until(null, seps, longest, false, "StreamReader.readUntil(separators)");
    }

    private static void checkSeparator(byte[] separator) {
        if (separator.length == 0) {
            throw new IllegalArgumentException("readUntil needs non-empty separators, got an empty one");
        }
    }

    @Override
    public byte[] readLine() throws IOException {
        return until(NEWLINE, null, 1, true, "StreamReader.readLine()");
    }

    /**
     * Waits for {@code sep}, or for one of {@code seps} when {@code sep} is null (the match that
     * ends first wins; a single separator is not wrapped in an array, as readUntil is on the HTTP
     * hot path); {@code longest} is the longest separator's length. Each wait searches only the
     * new bytes (plus the longest separator's length minus one), so a line arriving one byte at a
     * time costs O(n), not O(n^2).
     *
     * <p>The limit bounds the bytes before the separator, as in asyncio: a record of exactly
     * {@code limit} bytes plus its separator is accepted
     * (StreamReaderTest#aLineOfExactlyTheLimitIsAccepted). {@code readLine} discards what it
     * rejects, so the usual "catch the overrun, read the next line" loop makes progress
     * (StreamReaderTest#readingOnAfterAnOverlongLineGetsTheNextLine); {@code readUntil} keeps it.
     */
    private byte[] until(byte[] sep, byte[][] seps, int longest, boolean isReadLine, String what)
            throws IOException {
        RealTask<?> t = task(what);
        t.checkpoint();
        int from = 0;
        while (true) {
            int start;
            int end;
            if (sep != null) {
                start = buffer.indexOf(sep, from);
                end = start + sep.length;
            } else {
                start = -1;
                end = Integer.MAX_VALUE;
                for (byte[] s : seps) {
                    int at = buffer.indexOf(s, from);
                    if (at >= 0 && at + s.length < end) {
                        start = at;
                        end = at + s.length;
                    }
                }
            }
            if (start >= 0) {
                if (start > limit) {
                    throw overrun(isReadLine, true, end, what + ": the separator was found after " + start
                            + " bytes, beyond the limit of " + limit);
                }
                return consume(end);
            }
            // no separator can start before this offset any more
            from = Math.max(0, buffer.size() - longest + 1);
            if (from > limit) {
                throw overrun(isReadLine, false, from, what + ": no separator within the limit of " + limit
                        + " bytes");
            }
            if (eof) {
                if (buffer.size() == 0) {
                    throwError();
                }
                if (isReadLine) {
                    return consume(buffer.size());
                }
                throwError();
                throw new IncompleteReadException(consume(buffer.size()), -1);
            }
            waitForData(t);
        }
    }

    /**
     * The overrun of a record {@code consumed} bytes long. readLine drops the line (or, with no
     * separator in sight, everything buffered), as asyncio's readline does; readUntil keeps it.
     */
    private LimitOverrunException overrun(boolean isReadLine, boolean found, int consumed, String message) {
        if (!isReadLine) {
            return new LimitOverrunException(message + "; the data stays buffered (read(consumed()) skips it)",
                    consumed);
        }
        int dropped = found ? consumed : buffer.size();
        discard(dropped);
        return new LimitOverrunException(message + "; " + (found ? "the line (" + dropped + " bytes) was"
                : "everything buffered (" + dropped + " bytes) was") + " discarded", consumed);
    }

    @Override
    public Iterable<byte[]> lines() {
        return () -> new Iterator<>() {
            private byte[] next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        next = readLine();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return next.length > 0;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the stream is at its end");
                }
                byte[] r = next;
                next = null;
                return r;
            }
        };
    }

    @Override
    public boolean atEof() {
        return eof && buffer.size() == 0;
    }

    @Override
    public int limit() {
        return limit;
    }

    // ---------------------------------------------------------------- helpers

    private RealTask<?> task(String what) {
        return RealTask.currentFor(conn.loop(), what);
    }

    /** Waits for more bytes, the end of stream or an error (R1, R3); resumes a paused socket. */
    private void waitForData(RealTask<?> t) throws SocketTimeoutException {
        if (paused) {
            // a read that needs more than is buffered (readExactly of a large n) must not deadlock
            paused = false;
            conn.transport().resumeReading();
        }
        long deadline = readTimeoutNanos == 0 ? Long.MAX_VALUE : conn.loop().time() + readTimeoutNanos;
        // the owner is this reader: its description is built only if the error is thrown
        if (!waiter.awaitAlone(t, deadline, this, "reading this stream", "read")) {
            throw new SocketTimeoutException("no data from " + conn.transport().peerAddress() + " within the read "
                    + "timeout of " + java.time.Duration.ofNanos(readTimeoutNanos) + " (the connection's options)");
        }
    }

    private byte[] consume(int n) {
        byte[] r = buffer.take(n);
        resumeIfDrained();
        return r;
    }

    private void discard(int n) {
        buffer.skip(n);
        resumeIfDrained();
    }

    private void resumeIfDrained() {
        if (paused && buffer.size() <= limit) {
            paused = false;
            conn.transport().resumeReading();
        }
    }

    private void throwError() throws IOException {
        if (error != null) {
            IOException e = error;
            throw e instanceof java.net.SocketException se
                    ? (java.net.SocketException) new java.net.SocketException(se.getMessage()).initCause(se)
                    : new IOException(e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "StreamReader[" + conn + ", buffered=" + buffer.size() + (eof ? ", eof" : "")
                + (paused ? ", paused" : "") + (error != null ? ", error=" + error : "") + "]";
    }
}
