package io.jasyncio.transports;

import io.jasyncio.internal.io.IoContext;
import io.jasyncio.internal.io.IoWait;
import io.jasyncio.internal.task.RealEventLoop;
import io.jasyncio.internal.task.RealTask;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.ArrayDeque;

/**
 * A UDP socket for straight-line code: {@link #receive()} suspends until a datagram arrives,
 * {@link #sendTo(byte[], SocketAddress)} suspends only while too much is queued. Built on
 * {@link DatagramTransport}.
 *
 * <pre>{@code
 * try (DatagramEndpoint server = DatagramEndpoint.bind(new InetSocketAddress("127.0.0.1", 9999))) {
 *     while (true) {
 *         Datagram d = server.receive();
 *         server.sendTo(d.data(), d.sender());   // echo
 *     }
 * }
 * }</pre>
 *
 * <p><b>Backpressure.</b> At most 256 received datagrams wait here; beyond that the socket stops
 * reading and the kernel drops what does not fit in its buffer, which is what UDP senders
 * expect of a slow receiver.
 *
 * <p><b>Errors.</b> A failure the socket reports without closing (typically
 * {@link java.net.PortUnreachableException} on a connected endpoint whose peer is not listening)
 * is thrown by the next {@code receive} or {@code send}.
 *
 * <p><b>Threads.</b> Loop-confined; one task at a time may wait in {@code receive}, and one in
 * {@code send}.
 *
 * @asyncio {@code loop.create_datagram_endpoint} with a queueing protocol (the pattern of the
 *     {@code asyncio-dgram} library); Trio's {@code trio.socket} UDP sockets
 */
public final class DatagramEndpoint implements AutoCloseable {
    static final int MAX_QUEUED = 256;

    private final RealEventLoop loop;
    private final Receiver receiver = new Receiver();
    private final DatagramTransport transport;
    private final IoWait receiving = new IoWait("DatagramEndpoint.receive");
    private final IoWait sending = new IoWait("DatagramEndpoint.sendTo");

    private DatagramEndpoint(RealEventLoop loop, SocketAddress local, SocketAddress remote) throws IOException {
        this.loop = loop;
        this.transport = DatagramTransport.open(receiver, local, remote);
    }

    /**
     * A UDP socket bound to {@code local} (port 0 picks a free port), able to exchange datagrams
     * with any peer.
     *
     * @throws IOException if the address cannot be resolved or bound
     * @throws IllegalStateException if not called from a task
     * @throws io.jasyncio.CancelledError if the calling task is cancelled
     * @suspends while a host name is resolved; a checkpoint otherwise
     */
    public static DatagramEndpoint bind(SocketAddress local) throws IOException {
        return open(java.util.Objects.requireNonNull(local, "local"), null);
    }

    /**
     * A UDP socket connected to {@code remote}, bound to an ephemeral local port: it sends only to
     * that peer and receives only from it.
     *
     * @throws IOException if the address cannot be resolved
     * @throws IllegalStateException if not called from a task
     * @suspends while a host name is resolved; a checkpoint otherwise
     */
    public static DatagramEndpoint connect(SocketAddress remote) throws IOException {
        return open(null, java.util.Objects.requireNonNull(remote, "remote"));
    }

    /**
     * A UDP socket bound to {@code local} (or an ephemeral port when {@code null}) and, when
     * {@code remote} is given, connected to it.
     *
     * @throws IOException if an address cannot be resolved or bound
     * @throws IllegalArgumentException if both are {@code null}
     * @throws IllegalStateException if not called from a task
     * @suspends while host names are resolved; a checkpoint otherwise
     */
    public static DatagramEndpoint open(SocketAddress local, SocketAddress remote) throws IOException {
        RealTask<?> task = RealTask.currentFor(null, "DatagramEndpoint.open()");
        return new DatagramEndpoint(task.realLoop(), local, remote);
    }

    // ---------------------------------------------------------------- receiving

    /**
     * The next datagram, waiting for one if none is queued.
     *
     * @throws IOException a failure the socket reported since the last call (see the class
     *     comment); the endpoint stays usable
     * @throws IllegalStateException if the endpoint is closed, or another task is receiving
     * @throws io.jasyncio.CancelledError if the calling task is cancelled
     * @suspends while no datagram is queued; a checkpoint otherwise
     * @cancellation no datagram is lost
     * @asyncio {@code DatagramStream.recv()} of asyncio-dgram
     */
    public Datagram receive() throws IOException {
        RealTask<?> task = RealTask.currentFor(loop, "DatagramEndpoint.receive()");
        task.checkpoint();
        while (receiver.queue.isEmpty()) {
            receiver.throwPending();
            checkOpen("receive()");
            receiving.awaitAlone(task, Long.MAX_VALUE, this, "receiving", "receive");
        }
        Datagram d = receiver.queue.pollFirst();
        if (receiver.queue.size() <= MAX_QUEUED / 2 && !transport.isClosing() && !transport.isReading()) {
            transport.resumeReading();
        }
        return d;
    }

    // ---------------------------------------------------------------- sending

    /**
     * Sends one datagram to {@code target}; waits afterwards while more than 64 KiB of datagrams
     * are queued in the socket (until 16 KiB are left).
     *
     * @throws IOException a failure the socket reported since the last call
     * @throws IllegalArgumentException if the endpoint is connected to another peer, or
     *     {@code target} is an unresolved host name
     * @throws IllegalStateException if the endpoint is closed, or another task waits in send
     * @throws io.jasyncio.CancelledError if the calling task is cancelled; the datagram is sent
     * @suspends while the send queue is above its high-water mark; a checkpoint otherwise
     */
    public void sendTo(byte[] data, SocketAddress target) throws IOException {
        RealTask<?> task = RealTask.currentFor(loop, "DatagramEndpoint.sendTo()");
        task.checkpoint();
        receiver.throwPending();
        checkOpen("sendTo()");
        transport.sendTo(data, target);
        while (receiver.writePaused && !transport.isClosing()) {
            sending.awaitAlone(task, Long.MAX_VALUE, this, "sending", "send");
        }
    }

    /**
     * {@link #sendTo(byte[], SocketAddress)} to the connected peer.
     *
     * @throws IllegalArgumentException if the endpoint is not connected
     */
    public void send(byte[] data) throws IOException {
        sendTo(data, null);
    }

    // ---------------------------------------------------------------- state and closing

    /** The bound local address. */
    public SocketAddress localAddress() {
        return transport.localAddress();
    }

    /** The connected peer, or {@code null}. */
    public SocketAddress remoteAddress() {
        return transport.remoteAddress();
    }

    /**
     * Closes the socket; queued datagrams are dropped and tasks waiting in {@code receive} or
     * {@code send} get an {@link IllegalStateException}. Idempotent; does not suspend. The port
     * is released at the loop's next poll, before any task runs again (a selector deregisters a
     * closed channel only then), so a task that closes and yields can bind the same port.
     *
     * @throws WrongThreadException if not called from the endpoint's loop
     */
    @Override
    public void close() {
        IoContext.checkLoop(loop, this, "close()");
        transport.abort();
        receiver.queue.clear();
        receiving.wakeAll();
        sending.wakeAll();
    }

    private void checkOpen(String what) {
        if (transport.isClosing()) {
            throw new IllegalStateException(this + " is closed: " + what + " is not allowed after close()");
        }
    }

    @Override
    public String toString() {
        return "DatagramEndpoint[" + transport.localAddress()
                + (transport.remoteAddress() != null ? " -> " + transport.remoteAddress() : "")
                + ", queued=" + receiver.queue.size() + (transport.isClosing() ? ", closed" : "") + "]";
    }

    /** The protocol side: queues datagrams and wakes the waiting tasks. */
    private final class Receiver implements DatagramProtocol {
        final ArrayDeque<Datagram> queue = new ArrayDeque<>();
        IOException pending;
        boolean writePaused;

        @Override
        public void datagramReceived(byte[] data, SocketAddress sender) {
            queue.addLast(new Datagram(data, sender));
            if (queue.size() >= MAX_QUEUED) {
                transport.pauseReading();
            }
            receiving.wakeAll();
        }

        @Override
        public void errorReceived(IOException error) {
            pending = error;
            receiving.wakeAll();
        }

        @Override
        public void pauseWriting() {
            writePaused = true;
        }

        @Override
        public void resumeWriting() {
            writePaused = false;
            sending.wakeAll();
        }

        void throwPending() throws IOException {
            IOException e = pending;
            if (e != null) {
                pending = null;
                throw e;
            }
        }
    }
}
