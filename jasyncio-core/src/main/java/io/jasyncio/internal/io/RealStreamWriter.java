package io.jasyncio.internal.io;

import io.jasyncio.CancelledError;
import io.jasyncio.internal.task.RealTask;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.transports.Transport;
import java.io.IOException;
import java.util.Objects;

/** The {@link StreamWriter} of a {@link StreamConnection}. */
final class RealStreamWriter implements StreamWriter {
    private final StreamConnection conn;
    private boolean closed;

    RealStreamWriter(StreamConnection conn) {
        this.conn = conn;
    }

    @Override
    public void write(byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        if (closed) {
            throw new IllegalStateException("StreamWriter of " + conn + " is closed: write() after close()");
        }
        conn.transport().write(data, off, len);
    }

    @Override
    public void drain() throws IOException {
        RealTask<?> t = task("StreamWriter.drain()");
        if (!conn.writePaused() || conn.isLost()) {
            t.checkpoint();
        } else {
            while (conn.writePaused() && !conn.isLost()) {
                conn.drainWait().await(t, Long.MAX_VALUE);
            }
        }
        if (conn.isLost()) {
            throw conn.lostException();
        }
    }

    @Override
    public void send(byte[] data) throws IOException {
        task("StreamWriter.send()");             // the confinement check, before anything is queued
        int chunk = Math.max(16 * 1024, conn.highWater());
        int off = 0;
        do {
            int n = Math.min(chunk, data.length - off);
            write(data, off, n);
            off += n;
            try {
                drain();
            } catch (CancelledError e) {
                if (off < data.length) {
                    // the peer would see a torn message: end the connection instead
                    conn.abort();
                }
                throw e;
            }
        } while (off < data.length);
    }

    @Override
    public void writeEof() {
        if (!conn.transport().canWriteEof()) {
            throw new UnsupportedOperationException("StreamWriter of " + conn + ": writeEof() is not supported "
                    + "over TLS (TLS has no half-close); use close()");
        }
        conn.transport().writeEof();
    }

    @Override
    public boolean canWriteEof() {
        return conn.transport().canWriteEof();
    }

    @Override
    public void close() {
        closed = true;
        conn.transport().close();
    }

    @Override
    public void waitClosed() {
        RealTask<?> t = task("StreamWriter.waitClosed()");
        if (conn.isLost()) {
            t.checkpoint();
            return;
        }
        while (!conn.isLost()) {
            conn.closedWait().await(t, Long.MAX_VALUE);
        }
    }

    @Override
    public boolean isClosing() {
        return closed || conn.transport().isClosing();
    }

    @Override
    public Transport transport() {
        return conn.transport();
    }

    private RealTask<?> task(String what) {
        return RealTask.currentFor(conn.loop(), what);
    }

    @Override
    public String toString() {
        return "StreamWriter[" + conn.transport() + "]";
    }
}
