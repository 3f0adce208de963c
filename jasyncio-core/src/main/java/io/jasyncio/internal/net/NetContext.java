package io.jasyncio.internal.net;

import io.jasyncio.internal.task.RealEventLoop;
import java.nio.ByteBuffer;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * What the network code of one loop shares: the direct buffers every socket reads into and
 * writes from (one task or callback runs at a time, so one of each suffices), and the set of
 * transports still open, closed (and reported in debug mode) when the loop closes.
 *
 * <p>Looked up once per connection, never per read or write. Loop-confined after creation.
 */
final class NetContext implements AutoCloseable {
    static final int IO_BUFFER_BYTES = 64 * 1024;
    private static final Map<RealEventLoop, NetContext> BY_LOOP = new WeakHashMap<>();

    final RealEventLoop loop;
    /** Every socket read lands here; the protocol copies what it keeps before returning. */
    final ByteBuffer readBuffer = ByteBuffer.allocateDirect(IO_BUFFER_BYTES);
    /** Small writes are copied here and written with one system call, no allocation. */
    final ByteBuffer writeScratch = ByteBuffer.allocateDirect(IO_BUFFER_BYTES);
    /** Open transports and servers, in opening order. */
    private final Set<OpenResource> open = new LinkedHashSet<>();

    private NetContext(RealEventLoop loop) {
        this.loop = loop;
    }

    /** A socket or server this context closes with the loop. */
    interface OpenResource {
        /** Closes at once, dropping unsent data; never suspends, never throws. */
        void closeNow();
    }

    /**
     * Throws unless the caller is in {@code loop}'s context (or the loop is not running): the
     * network objects are loop-confined.
     *
     * @throws WrongThreadException naming the thread-safe way in
     */
    static void checkLoop(RealEventLoop loop, Object owner, String what) {
        if (!loop.inLoopContext() && loop.driverThread() != null) {
            throw new WrongThreadException(what + " on " + owner + " from thread '" + Thread.currentThread().getName()
                    + "': network objects belong to their loop; from other threads use "
                    + "loop.callSoonThreadsafe(() -> ...)");
        }
    }

    static NetContext of(RealEventLoop loop) {
        synchronized (BY_LOOP) {
            NetContext c = BY_LOOP.get(loop);
            if (c == null) {
                c = new NetContext(loop);
                BY_LOOP.put(loop, c);
                loop.closeWithLoop(c);
            }
            return c;
        }
    }

    void opened(OpenResource resource) {
        open.add(resource);
    }

    void closed(OpenResource resource) {
        open.remove(resource);
    }

    int openCount() {
        return open.size();
    }

    /** The loop closes: whatever the program left open is closed now, and named in debug mode. */
    @Override
    public void close() {
        for (OpenResource r : open.toArray(new OpenResource[0])) {
            if (loop.debug()) {
                loop.callExceptionHandler(new io.jasyncio.ExceptionContext(r + " was never closed; closing it with "
                        + loop + " (close transports, connections and servers, e.g. with try-with-resources)",
                        null, null, null, null));
            }
            r.closeNow();
        }
        open.clear();
        synchronized (BY_LOOP) {
            BY_LOOP.remove(loop);
        }
    }
}
