package io.jasyncio.internal.io;

import io.jasyncio.internal.task.RealEventLoop;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Transport;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;
import javax.net.ssl.SSLSession;

/**
 * A transport whose socket is memory: what one end writes is fed to its peer's protocol. The
 * peer is another end (a connection pair) or this end itself (a one-way pipe, whose writer feeds
 * its own reader). Backs {@link io.jasyncio.streams.MemoryStream}.
 *
 * <p><b>Flow control</b> works as over a socket, so backpressure is testable in memory. A write
 * is handed to the peer at once, in chunks of {@link #CHUNK}, while the peer reads; once the
 * peer pauses reading (its stream reader holds more than twice its limit) the rest waits in this
 * end's write buffer, whose water marks pause and resume this end's protocol. When the peer
 * resumes reading, the queue is handed over in a loop callback (as a socket's data arrives at
 * the next poll), again chunk by chunk so that a new pause takes effect at once.
 *
 * <p><b>Closing.</b> {@code writeEof} and {@code close} hand the peer its end of stream after
 * the queued bytes; {@code close} then ends this end ({@code connectionLost(null)}, in a
 * callback of its own). {@code abort} drops the queue, ends this end, and the peer's connection
 * is lost with "Connection reset by peer", as TCP's RST does. What a peer writes to an end that
 * was closed is dropped, as by a socket before the reset arrives.
 *
 * <p>No file descriptor is held, so memory transports are not in the loop's open-resource set.
 * Loop-confined.
 */
final class MemoryTransport implements Transport {
    /** The most one {@code dataReceived} call gets: the size of one socket read. */
    static final int CHUNK = 64 * 1024;

    private final RealEventLoop loop;
    private final String name;
    private final Protocol protocol;
    private final WaterMarks marks = new WaterMarks();
    /** Written by this end, not yet taken by the peer (its reading is paused). */
    private final WriteBuffer out = new WriteBuffer();
    /** Hands queued bytes to the peer's protocol, one chunk per call. */
    private final WritableByteChannel toPeer = new ToPeer();
    /** The end that receives what this end writes; set once by {@link #connect}. */
    private MemoryTransport peer;
    /** This end takes deliveries from its peer (pauseReading / resumeReading). */
    private boolean reading = true;
    /** writeEof() or close() was called: the peer gets its end of stream once {@link #out} is empty. */
    private boolean eofPending;
    private boolean eofSent;
    private boolean closing;
    /** Nothing moves any more: connectionLost was delivered or is scheduled. */
    private boolean lost;
    private boolean flushScheduled;

    private MemoryTransport(RealEventLoop loop, String name, Protocol protocol) {
        this.loop = loop;
        this.name = name;
        this.protocol = protocol;
    }

    /** Loop context: a pipe whose writes feed {@code protocol} itself; calls {@code connectionMade}. */
    static MemoryTransport pipe(RealEventLoop loop, String name, Protocol protocol) {
        MemoryTransport t = new MemoryTransport(loop, name, protocol);
        t.peer = t;
        protocol.connectionMade(t);
        return t;
    }

    /** Loop context: two ends, each feeding the other's protocol; calls both {@code connectionMade}. */
    static MemoryTransport[] connect(RealEventLoop loop, String name, Protocol a, Protocol b) {
        MemoryTransport ta = new MemoryTransport(loop, name + "/a", a);
        MemoryTransport tb = new MemoryTransport(loop, name + "/b", b);
        ta.peer = tb;
        tb.peer = ta;
        a.connectionMade(ta);
        b.connectionMade(tb);
        return new MemoryTransport[] {ta, tb};
    }

    // ---------------------------------------------------------------- writing

    @Override
    public void write(byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        IoContext.checkLoop(loop, this, "Transport.write");
        checkWritable();
        if (lost || peer.lost || len == 0) {
            return;
        }
        while (out.isEmpty() && len > 0 && peer.reading && !peer.lost) {
            int n = Math.min(CHUNK, len);
            peer.protocol.dataReceived(ByteBuffer.wrap(data, off, n));
            off += n;
            len -= n;
        }
        if (len > 0 && !peer.lost) {
            out.append(data, off, len);
            if (marks.pauseNow(out.size())) {
                protocol.pauseWriting();
            }
        }
    }

    @Override
    public void write(ByteBuffer data) {
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        write(copy, 0, copy.length);
    }

    private void checkWritable() {
        if (eofPending && !closing) {
            throw new IllegalStateException(this + ": write after writeEof(); the sending side is closed");
        }
        if (closing && !lost) {
            throw new IllegalStateException(this + ": write after close(); the transport is closing");
        }
    }

    @Override
    public void writeEof() {
        IoContext.checkLoop(loop, this, "Transport.writeEof");
        if (!closing && !eofPending) {
            eofPending = true;
            scheduleFlush();
        }
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public int writeBufferSize() {
        return out.size();
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        if (lost) {
            marks.set(high, low);
        } else {
            marks.set(high, low, out.size(), protocol);
        }
    }

    @Override
    public int writeBufferHighWater() {
        return marks.high();
    }

    @Override
    public int writeBufferLowWater() {
        return marks.low();
    }

    /** Hands what is queued to the peer in a callback, unless one is already scheduled. */
    private void scheduleFlush() {
        if (!flushScheduled && !lost) {
            flushScheduled = true;
            loop.callSoon(this::flush);
        }
    }

    /** Loop callback: as much of the queue as the peer takes, then the end of stream and the close. */
    private void flush() {
        flushScheduled = false;
        if (lost) {
            return;
        }
        while (!out.isEmpty() && peer.reading && !peer.lost) {
            try {
                out.flushTo(toPeer);
            } catch (java.io.IOException e) {
                throw new AssertionError("ToPeer never throws", e);
            }
        }
        if (peer.lost) {
            out.clear();
        }
        if (marks.resumeNow(out.size())) {
            protocol.resumeWriting();
        }
        if (!out.isEmpty()) {
            return;                         // the peer's resumeReading schedules the next flush
        }
        if (eofPending && !eofSent) {
            eofSent = true;
            if (!peer.lost) {
                peer.protocol.eofReceived();
            }
        }
        if (closing) {
            lose(null);
        }
    }

    /** Ends this end: {@code connectionLost(cause)} now; the peer drops what it queued for this end. */
    private void lose(Throwable cause) {
        lost = true;
        out.clear();
        marks.reset();
        protocol.connectionLost(cause);
        if (peer != this) {
            peer.scheduleFlush();           // a peer waiting in drain() for this end must not wait forever
        }
    }

    // ---------------------------------------------------------------- reading control

    @Override
    public void pauseReading() {
        reading = false;
    }

    @Override
    public void resumeReading() {
        if (!reading) {
            reading = true;
            peer.scheduleFlush();
        }
    }

    @Override
    public boolean isReading() {
        return reading && !lost;
    }

    // ---------------------------------------------------------------- closing

    @Override
    public boolean isClosing() {
        return closing || lost;
    }

    @Override
    public void close() {
        IoContext.checkLoop(loop, this, "Transport.close");
        if (!closing && !lost) {
            closing = true;
            eofPending = true;
            scheduleFlush();
        }
    }

    @Override
    public void abort() {
        IoContext.checkLoop(loop, this, "Transport.abort");
        if (lost) {
            return;
        }
        closing = true;
        lost = true;
        out.clear();
        marks.reset();
        loop.callSoon(() -> {
            protocol.connectionLost(null);
            if (peer != this && !peer.lost) {
                peer.lose(new SocketException("Connection reset by peer (the other end of the in-memory "
                        + "connection was aborted)"));
            }
        });
    }

    // ---------------------------------------------------------------- what a socket would have

    /** Always null: memory has no address. */
    @Override
    public SocketAddress peerAddress() {
        return null;
    }

    /** Always null: memory has no address. */
    @Override
    public SocketAddress localAddress() {
        return null;
    }

    @Override
    public <T> T option(SocketOption<T> option) {
        throw new UnsupportedOperationException(this + " is in memory: it has no socket option " + option);
    }

    @Override
    public <T> void setOption(SocketOption<T> option, T value) {
        throw new UnsupportedOperationException(this + " is in memory: it has no socket option " + option);
    }

    @Override
    public SSLSession tlsSession() {
        return null;
    }

    @Override
    public String applicationProtocol() {
        return null;
    }

    @Override
    public Protocol protocol() {
        return protocol;
    }

    @Override
    public String toString() {
        return "MemoryTransport[" + name + ", queued=" + out.size() + (reading ? "" : ", reading paused")
                + (lost ? ", closed" : closing ? ", closing" : eofPending ? ", eof written" : "") + "]";
    }

    /** The peer's protocol as a channel for {@link WriteBuffer#flushTo}: one chunk per write. */
    private final class ToPeer implements WritableByteChannel {
        @Override
        public int write(ByteBuffer src) {
            int n = Math.min(CHUNK, src.remaining());
            int at = src.position();
            peer.protocol.dataReceived(src.slice(at, n));
            src.position(at + n);
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
