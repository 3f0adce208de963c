package io.jasyncio.internal.io;

import io.jasyncio.AsyncExecutionException;
import io.jasyncio.internal.task.Offload;
import io.jasyncio.internal.task.RealTask;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Blocking I/O calls (opening files, starting processes, name lookups) run off the loop through
 * {@link Offload#run} on an {@link IoThreads} thread, with their {@link IOException} rethrown as
 * it is instead of wrapped, so callers can catch {@code NoSuchFileException} or
 * {@code UnknownHostException} directly. A cancelled caller stops waiting; the call itself runs
 * to its end on its thread and its outcome is dropped.
 */
public final class BlockingIo {
    private BlockingIo() {
    }

    /** A blocking call that may fail with an {@link IOException}. */
    @FunctionalInterface
    public interface IoCall<T> {
        T call() throws IOException;
    }

    /**
     * In a task: runs {@code call} on the loop's default executor and returns its value.
     *
     * @throws IOException what {@code call} threw
     */
    public static <T> T call(IoCall<T> call) throws IOException {
        RealTask<?> task = RealTask.currentFor(null, "blocking I/O");
        try {
            return Offload.run(task, IoThreads.EXECUTOR, call::call);
        } catch (AsyncExecutionException e) {
            throw rethrowable(e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The {@link IOException} behind {@code e}, or {@code e} itself when there is none. */
    static IOException rethrowable(AsyncExecutionException e) {
        if (e.getCause() instanceof IOException io) {
            return io;
        }
        throw e;
    }
}
