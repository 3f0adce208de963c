package io.jasyncio.internal.io;

import io.jasyncio.Asyncio;
import io.jasyncio.internal.task.RealEventLoop;
import io.jasyncio.streams.MemoryStream;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A {@link MemoryStream}: a {@link StreamConnection} over a {@link MemoryTransport} pipe, so
 * the reader and writer are the very classes sockets use, flow control included.
 */
public final class RealMemoryStream implements MemoryStream {
    private final StreamConnection conn;
    private final RealStreamReader reader;

    private RealMemoryStream(StreamConnection conn) {
        this.conn = conn;
        this.reader = (RealStreamReader) conn.reader();
    }

    /** See {@link MemoryStream#open(int)}. */
    public static MemoryStream open(int limit) {
        RealEventLoop loop = runningLoop(limit);
        StreamConnection c = new StreamConnection(loop, false, limit, 0);
        MemoryTransport.pipe(loop, "memory stream", c);
        return new RealMemoryStream(c);
    }

    /** See {@link MemoryStream#connectionPair()}. */
    public static ConnectionPair connectionPair(int limit) {
        RealEventLoop loop = runningLoop(limit);
        StreamConnection client = new StreamConnection(loop, false, limit, 0);
        StreamConnection server = new StreamConnection(loop, true, limit, 0);
        MemoryTransport.connect(loop, "memory connection", client, server);
        return new ConnectionPair(client, server);
    }

    private static RealEventLoop runningLoop(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        return (RealEventLoop) Asyncio.runningLoop();
    }

    @Override
    public StreamReader reader() {
        return reader;
    }

    @Override
    public StreamWriter writer() {
        return conn.writer();
    }

    @Override
    public void feed(byte[] data) {
        Objects.requireNonNull(data, "data");
        IoContext.checkLoop(conn.loop(), this, "MemoryStream.feed");
        if (reader.endReceived()) {
            throw new IllegalStateException(this + ": feed() after the end of stream (feedEof, setException or "
                    + "the writer's close); feed everything first");
        }
        conn.dataReceived(ByteBuffer.wrap(data));
    }

    @Override
    public void feedEof() {
        IoContext.checkLoop(conn.loop(), this, "MemoryStream.feedEof");
        conn.eofReceived();
    }

    @Override
    public void setException(IOException error) {
        Objects.requireNonNull(error, "error");
        IoContext.checkLoop(conn.loop(), this, "MemoryStream.setException");
        reader.fail(error);
    }

    @Override
    public void close() {
        conn.close();
    }

    @Override
    public String toString() {
        return "MemoryStream[" + reader + "]";
    }
}
