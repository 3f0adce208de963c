package io.jasyncio.internal.io;

import io.jasyncio.internal.loop.IoReady;
import io.jasyncio.internal.task.RealEventLoop;
import io.jasyncio.internal.task.RealTask;
import io.jasyncio.transports.DatagramProtocol;
import io.jasyncio.transports.DatagramTransport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A {@link DatagramTransport} on a non-blocking {@link DatagramChannel} registered with the
 * loop's selector.
 *
 * <p>The selector only reports readiness; the work (receiving, flushing, calling the protocol)
 * runs as an ordinary callback in the same iteration, so a throwing protocol is reported like any
 * callback and never breaks the poll phase. Reading takes at most {@link #READS_PER_TICK}
 * datagrams per iteration; the selector is level-triggered, so the rest come next iteration
 * and one busy socket cannot starve the loop.
 *
 * <p>Invariants: OP_WRITE is in the interest set exactly while datagrams are queued (D1);
 * OP_READ exactly while {@code reading && !closing} (D2); {@code connectionLost} is called once,
 * after which the channel is closed (D3). Open transports are in the loop's open-resource set
 * ({@link IoContext}) until then, so one left open is closed with the loop.
 */
public final class RealDatagramTransport implements DatagramTransport, IoReady, IoContext.OpenResource {
    static final int READS_PER_TICK = 64;
    /** Larger than any UDP payload (65,527 bytes over IPv6). */
    private static final int MAX_DATAGRAM = 65_536;

    private final RealEventLoop loop;
    private final IoContext context;
    private final DatagramChannel channel;
    private final DatagramProtocol protocol;
    private final SocketAddress remote;
    private final SocketAddress local;
    private final SelectionKey key;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(MAX_DATAGRAM);
    private final Runnable handler = this::handleIo;

    // loop-confined
    private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
    private long queuedBytes;
    private final WaterMarks marks = new WaterMarks();
    private boolean reading = true;
    private boolean closing;
    private boolean closed;
    /** Ready operations not yet handled, and whether {@link #handler} is queued. */
    private int readyOps;
    private boolean handlerQueued;

    private record Outgoing(ByteBuffer data, SocketAddress target) {
    }

    private RealDatagramTransport(RealEventLoop loop, DatagramChannel channel, DatagramProtocol protocol,
                                  SocketAddress remote) throws IOException {
        this.loop = loop;
        this.context = IoContext.of(loop);
        this.channel = channel;
        this.protocol = protocol;
        this.remote = remote;
        this.local = channel.getLocalAddress();
        this.key = channel.register(loop.selector(), SelectionKey.OP_READ, this);
        context.opened(this);
    }

    /** See {@link DatagramTransport#open}. */
    public static DatagramTransport open(DatagramProtocol protocol, SocketAddress local, SocketAddress remote)
            throws IOException {
        Objects.requireNonNull(protocol, "protocol");
        if (local == null && remote == null) {
            throw new IllegalArgumentException("a datagram endpoint needs a local address to bind, a remote "
                    + "address to connect to, or both");
        }
        RealTask<?> task = RealTask.currentFor(null, "DatagramTransport.open()");
        task.checkpoint();
        SocketAddress l = resolve(local);
        SocketAddress r = resolve(remote);
        DatagramChannel ch = DatagramChannel.open();
        try {
            ch.configureBlocking(false);
            ch.bind(l);
            if (r != null) {
                ch.connect(r);
            }
            RealDatagramTransport t = new RealDatagramTransport(task.realLoop(), ch, protocol, r);
            task.realLoop().callSoon(() -> protocol.connectionMade(t));
            return t;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Resolves a host name off the loop; other addresses are returned as they are. */
    private static SocketAddress resolve(SocketAddress a) throws IOException {
        if (a instanceof InetSocketAddress isa && isa.isUnresolved()) {
            InetAddress ip = BlockingIo.call(() -> InetAddress.getByName(isa.getHostString()));
            return new InetSocketAddress(ip, isa.getPort());
        }
        return a;
    }

    // ---------------------------------------------------------------- readiness

    @Override
    public void ioReady(int ops) {
        readyOps |= ops;
        if (!handlerQueued) {
            handlerQueued = true;
            loop.scheduleLocal(handler);
        }
    }

    private void handleIo() {
        handlerQueued = false;
        int ops = readyOps;
        readyOps = 0;
        if (closed) {
            return;
        }
        if ((ops & SelectionKey.OP_WRITE) != 0) {
            flush();
        }
        if ((ops & SelectionKey.OP_READ) != 0) {
            readSome();
        }
    }

    private void readSome() {
        for (int i = 0; i < READS_PER_TICK && reading && !closing; i++) {
            readBuffer.clear();
            SocketAddress from;
            try {
                from = channel.receive(readBuffer);
            } catch (IOException e) {
                protocol.errorReceived(e);
                return;
            }
            if (from == null) {
                return;
            }
            readBuffer.flip();
            byte[] data = new byte[readBuffer.remaining()];
            readBuffer.get(data);
            protocol.datagramReceived(data, from);
        }
    }

    // ---------------------------------------------------------------- sending

    @Override
    public void sendTo(byte[] data, SocketAddress target) {
        IoContext.checkLoop(loop, this, "sendTo()");
        Objects.requireNonNull(data, "data");
        if (closing) {
            throw new IllegalStateException(this + " is closing: sendTo() after close() is not allowed");
        }
        SocketAddress to = checkTarget(target);
        if (queue.isEmpty()) {
            try {
                if (sendNow(ByteBuffer.wrap(data), to)) {
                    return;
                }
            } catch (IOException e) {
                loop.callSoon(() -> protocol.errorReceived(e));
                return;
            }
        }
        // the socket's buffer is full: keep a copy until it is writable (D1)
        queue.addLast(new Outgoing(ByteBuffer.wrap(data.clone()), to));
        queuedBytes += data.length;
        updateInterest();
        if (marks.pauseNow(queuedBytes)) {
            loop.callSoon(protocol::pauseWriting);
        }
    }

    private SocketAddress checkTarget(SocketAddress target) {
        if (target == null) {
            if (remote == null) {
                throw new IllegalArgumentException(this + " is not connected: give sendTo() a target address, "
                        + "or open the endpoint with a remote address");
            }
            return null;
        }
        if (remote != null && !remote.equals(target)) {
            throw new IllegalArgumentException(this + " is connected to " + remote + ": it cannot send to "
                    + target + "; open another endpoint for that peer");
        }
        if (target instanceof InetSocketAddress isa && isa.isUnresolved()) {
            throw new IllegalArgumentException("sendTo(" + target + "): the host name is not resolved; resolve it "
                    + "once (InetAddress.getByName off the loop) and send to the InetSocketAddress of the result");
        }
        return remote != null ? null : target;
    }

    /** Whether the socket took the datagram (UDP sends all or nothing). */
    private boolean sendNow(ByteBuffer data, SocketAddress to) throws IOException {
        int n = to == null ? channel.write(data) : channel.send(data, to);
        return n > 0 || !data.hasRemaining();
    }

    private void flush() {
        Outgoing o;
        while ((o = queue.peekFirst()) != null) {
            try {
                if (!sendNow(o.data, o.target)) {
                    break;
                }
            } catch (IOException e) {
                protocol.errorReceived(e);
            }
            queue.pollFirst();
            queuedBytes -= o.data.capacity();
        }
        if (marks.resumeNow(queuedBytes)) {
            protocol.resumeWriting();
        }
        if (queue.isEmpty() && closing) {
            finishClose();
        } else {
            updateInterest();
        }
    }

    @Override
    public long writeBufferSize() {
        return queuedBytes;
    }

    // ---------------------------------------------------------------- reading control

    @Override
    public void pauseReading() {
        IoContext.checkLoop(loop, this, "pauseReading()");
        reading = false;
        updateInterest();
    }

    @Override
    public void resumeReading() {
        IoContext.checkLoop(loop, this, "resumeReading()");
        reading = true;
        updateInterest();
    }

    @Override
    public boolean isReading() {
        return reading && !closing;
    }

    private void updateInterest() {
        if (closed) {
            return;
        }
        int ops = (reading && !closing ? SelectionKey.OP_READ : 0) | (queue.isEmpty() ? 0 : SelectionKey.OP_WRITE);
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    // ---------------------------------------------------------------- addresses and closing

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public void close() {
        IoContext.checkLoop(loop, this, "close()");
        if (closing) {
            return;
        }
        closing = true;
        if (queue.isEmpty()) {
            finishClose();
        } else {
            updateInterest();
        }
    }

    @Override
    public void abort() {
        IoContext.checkLoop(loop, this, "abort()");
        closing = true;
        queue.clear();
        queuedBytes = 0;
        if (!closed) {
            finishClose();
        }
    }

    @Override
    public void closeNow() {
        abort();
    }

    /** D3: closes the channel and tells the protocol once. */
    private void finishClose() {
        closed = true;
        context.closed(this);
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            // the socket is gone either way; nothing was lost that the protocol could act on
        }
        loop.callSoon(() -> protocol.connectionLost(null));
    }

    @Override
    public String toString() {
        return "DatagramTransport[" + local + (remote != null ? " -> " + remote : "")
                + (closed ? ", closed" : closing ? ", closing" : "") + (queuedBytes > 0 ? ", queued=" + queuedBytes : "") + "]";
    }
}
