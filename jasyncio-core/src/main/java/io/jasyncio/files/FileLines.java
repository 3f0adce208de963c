package io.jasyncio.files;

import io.jasyncio.Asyncio;
import io.jasyncio.internal.io.BlockingIo;
import io.jasyncio.internal.io.IoContext;
import io.jasyncio.internal.task.RealEventLoop;
import io.jasyncio.internal.task.RealTask;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The lines of a text file, read off the loop in batches of about 64 KiB: a suspending
 * {@link #nextLine()} with bounded buffering. Obtained from {@link AsyncFiles#lines(Path)}.
 *
 * <pre>{@code
 * try (FileLines lines = AsyncFiles.lines(Path.of("access.log"))) {
 *     for (String line; (line = lines.nextLine()) != null; ) {
 *         if (line.contains(" 500 ")) errors++;
 *     }
 * }
 * }</pre>
 *
 * <p><b>Memory.</b> At most one batch (about 64 KiB of text) is held, plus the line being read:
 * a single line is always returned whole, however long.
 *
 * <p><b>Cancellation.</b> A {@code nextLine} cancelled while a batch is being read loses
 * nothing: the batch is kept, and the next {@code nextLine} continues where the file was.
 *
 * <p><b>Threads.</b> Loop-confined; the file itself is only touched by one worker thread at a
 * time.
 */
public final class FileLines implements AutoCloseable {
    /** Characters per batch read on a worker thread. */
    static final int BATCH_CHARS = 64 * 1024;

    private final RealEventLoop loop;
    private final Path path;
    /** Used by one worker thread at a time (the one computing {@link #inFlight}). */
    private final BufferedReader reader;

    // loop-confined
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    /** The batch being read; kept across a cancelled nextLine so no line is lost. */
    private CompletableFuture<List<String>> inFlight;
    private boolean eof;
    private boolean closed;

    private FileLines(RealEventLoop loop, Path path, BufferedReader reader) {
        this.loop = loop;
        this.path = path;
        this.reader = reader;
    }

    static FileLines open(Path path, Charset charset) throws IOException {
        RealEventLoop loop = RealTask.currentFor(null, "AsyncFiles.lines()").realLoop();
        BufferedReader reader = BlockingIo.open(() -> Files.newBufferedReader(path, charset), FileLines::closeQuietly);
        return new FileLines(loop, path, reader);
    }

    /**
     * The next line as text, without its terminator, like {@link BufferedReader#readLine()} and
     * {@link java.util.Scanner#nextLine()}. Deliberately not called {@code readLine}: a stream's
     * {@code StreamReader.readLine()} returns bytes <em>with</em> the separator (asyncio's
     * {@code readline}).
     *
     * @return the line, or {@code null} at end of file
     * @throws IOException if reading failed (e.g. {@link java.nio.charset.MalformedInputException})
     * @throws IllegalStateException if this was closed, or if not called from a task
     * @throws io.jasyncio.CancelledError if the calling task is cancelled
     * @suspends when the current batch is used up and the next is read; a checkpoint otherwise
     * @cancellation no line is lost
     */
    public String nextLine() throws IOException {
        RealTask<?> task = RealTask.currentFor(loop, "FileLines.nextLine()");
        if (closed) {
            throw new IllegalStateException(this + " is closed: nextLine() after close() is not allowed");
        }
        task.checkpoint();
        while (lines.isEmpty()) {
            if (eof) {
                return null;
            }
            if (inFlight == null) {
                inFlight = CompletableFuture.supplyAsync(this::readBatch, loop.defaultExecutor());
            }
            List<String> batch;
            try {
                // await a copy: cancelling the wait must not cancel the batch itself
                batch = Asyncio.await(inFlight.copy());
            } catch (UncheckedIOException e) {
                inFlight = null;
                throw e.getCause();
            }
            inFlight = null;
            if (batch.isEmpty()) {
                eof = true;
            } else {
                lines.addAll(batch);
            }
        }
        return lines.pollFirst();
    }

    /** On a worker thread: the next lines, about {@link #BATCH_CHARS} characters; empty at the end. */
    private List<String> readBatch() {
        List<String> batch = new ArrayList<>();
        int chars = 0;
        try {
            String line;
            while (chars < BATCH_CHARS && (line = reader.readLine()) != null) {
                batch.add(line);
                chars += line.length() + 1;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return batch;
    }

    /**
     * Closes the file. Does not suspend; idempotent. A batch still being read is closed as soon
     * as it is done.
     *
     * @throws WrongThreadException if not called from the loop of the task that opened it
     */
    @Override
    public void close() {
        IoContext.checkLoop(loop, this, "close()");
        if (closed) {
            return;
        }
        closed = true;
        lines.clear();
        if (inFlight == null) {
            closeReader();
        } else {
            inFlight.whenComplete((batch, failure) -> closeReader());
        }
    }

    private void closeReader() {
        closeQuietly(reader);
    }

    private static void closeQuietly(BufferedReader r) {
        try {
            r.close();
        } catch (IOException e) {
            // a reader we only read from: nothing was lost
        }
    }

    @Override
    public String toString() {
        return "FileLines[" + path + (eof ? ", eof" : "") + (closed ? ", closed" : "") + "]";
    }
}
