package io.jasyncio.internal.io;

import io.jasyncio.internal.task.RealEventLoop;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * What the I/O code of one loop shares: the direct buffers every socket reads into and
 * writes from (one task or callback runs at a time, so one of each suffices), and the set of
 * resources still open (sockets, servers, datagram transports, subprocesses), closed (and
 * reported in debug mode) when the loop closes.
 *
 * <p>Looked up once per connection, never per read or write. Loop-confined after creation.
 */
public final class IoContext implements AutoCloseable {
    static final int IO_BUFFER_BYTES = 256 * 1024;
    private static final Map<RealEventLoop, IoContext> BY_LOOP = new WeakHashMap<>();

    final RealEventLoop loop;
    /** Every socket read lands here; the protocol copies what it keeps before returning. */
    final ByteBuffer readBuffer = ByteBuffer.allocateDirect(IO_BUFFER_BYTES);
    /** Small writes are copied here and written with one system call, no allocation. */
    final ByteBuffer writeScratch = ByteBuffer.allocateDirect(IO_BUFFER_BYTES);
    /**
     * Open transports and servers, in opening order, each with where it was opened (debug mode;
     * else null), so the report of one left open points at the code that opened it.
     */
    private final Map<OpenResource, OpenedHere> open = new LinkedHashMap<>();

    private IoContext(RealEventLoop loop) {
        this.loop = loop;
    }

    /**
     * A resource this context closes with the loop: a socket, server, datagram transport or
     * subprocess. Its {@code toString} names it in the debug-mode report.
     */
    public interface OpenResource {
        /** Closes at once, dropping unsent data; never suspends, never throws. */
        void closeNow();
    }

    /**
     * Throws unless the caller is in {@code loop}'s context (or the loop is not running yet, so
     * the thread setting it up may use it): the thread check of every loop-confined I/O object's
     * non-suspending methods (suspending ones check through {@code RealTask.currentFor}).
     *
     * @throws WrongThreadException naming the object, the method and the thread-safe way in
     */
    public static void checkLoop(RealEventLoop loop, Object owner, String what) {
        if (!loop.mayTouch()) {
            throw new WrongThreadException(owner + ": " + what + " was called from thread '"
                    + Thread.currentThread().getName() + "', but it belongs to " + loop
                    + "; call it from a task of that loop, or hand it over with loop.callSoonThreadsafe(...)");
        }
    }

    /** The context of {@code loop}, created on first use. */
    public static IoContext of(RealEventLoop loop) {
        synchronized (BY_LOOP) {
            IoContext c = BY_LOOP.get(loop);
            if (c == null) {
                c = new IoContext(loop);
                BY_LOOP.put(loop, c);
                loop.closeWithLoop(c);
            }
            return c;
        }
    }

    /** Loop context: {@code resource} is open until {@link #closed}. */
    public void opened(OpenResource resource) {
        open.put(resource, loop.debug() ? new OpenedHere(resource) : null);
    }

    /** Loop context: {@code resource} was closed by its owner. */
    public void closed(OpenResource resource) {
        open.remove(resource);
    }

    /** The middle of the debug-mode report of a resource left open; {@code testing.ReportKind} looks for it. */
    public static final String NEVER_CLOSED = " was never closed; closing it with ";

    /**
     * The exception of a never-closed report: not a failure, its stack is where the resource
     * was opened.
     */
    public static final class OpenedHere extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OpenedHere(OpenResource r) {
            super("opened here: " + r.getClass().getSimpleName(), null, false, true);
        }
    }

    int openCount() {
        return open.size();
    }

    /**
     * The loop closes: whatever the program left open is closed now, and named in debug mode,
     * with an {@link OpenedHere} whose stack is where it was opened.
     */
    @Override
    public void close() {
        List<Map.Entry<OpenResource, OpenedHere>> left = new ArrayList<>(open.entrySet());
        for (Map.Entry<OpenResource, OpenedHere> e : left) {
            OpenResource r = e.getKey();
            if (loop.debug()) {
                loop.callExceptionHandler(new io.jasyncio.ExceptionContext(r + NEVER_CLOSED + loop
                        + " (close transports, connections, servers and subprocesses, e.g. with try-with-resources)",
                        e.getValue(), null, null, null));
            }
            r.closeNow();
        }
        open.clear();
        synchronized (BY_LOOP) {
            BY_LOOP.remove(loop);
        }
    }
}
