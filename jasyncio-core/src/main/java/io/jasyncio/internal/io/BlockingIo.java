package io.jasyncio.internal.io;

import io.jasyncio.AsyncExecutionException;
import io.jasyncio.internal.task.Offload;
import io.jasyncio.CancelledError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * Blocking I/O calls (opening files, starting processes, name lookups) run off the loop through
 * {@link Offload#toThread} (the loop's default executor), with their {@link IOException} rethrown as
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
     * @throws io.jasyncio.CancelledError if the task is cancelled; the call runs on to its end
     * @suspends until the call returns
     */
    public static <T> T call(IoCall<T> call) throws IOException {
        try {
            return Offload.toThread(call::call);
        } catch (AsyncExecutionException e) {
            throw rethrowable(e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * In a task: {@link #call} for a call that opens a resource (a file, a child process). If the
     * task is cancelled while the call runs, the resource it still opens is given to
     * {@code discard} (which closes or kills it) instead of being lost.
     *
     * @throws IOException what {@code open} threw
     */
    public static <T> T open(IoCall<T> open, Consumer<? super T> discard) throws IOException {
        Handoff<T> handoff = new Handoff<>(discard);
        try {
            return call(() -> handoff.opened(open.call()));
        } catch (CancelledError e) {
            handoff.abandon();
            throw e;
        }
    }

    /** Between the opening thread and the task: whoever comes second discards an abandoned resource. */
    private static final class Handoff<T> {
        private final Consumer<? super T> discard;
        private T resource;
        private boolean abandoned;

        Handoff(Consumer<? super T> discard) {
            this.discard = discard;
        }

        synchronized T opened(T r) {
            resource = r;
            if (abandoned) {
                discard.accept(r);
            }
            return r;
        }

        synchronized void abandon() {
            abandoned = true;
            if (resource != null) {
                discard.accept(resource);
            }
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
