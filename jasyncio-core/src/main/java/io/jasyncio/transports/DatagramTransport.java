package io.jasyncio.transports;

import io.jasyncio.internal.io.RealDatagramTransport;
import java.io.IOException;
import java.net.SocketAddress;

/**
 * A UDP socket driven by the event loop's selector, delivering to a {@link DatagramProtocol}
 * (asyncio's low-level datagram API). For straight-line code use {@link DatagramEndpoint}.
 *
 * <p><b>Sending</b> never waits: a datagram the socket cannot take now is queued and sent when
 * the socket is writable. Above 64 KiB of queued datagrams the protocol's
 * {@code pauseWriting()} is called, and {@code resumeWriting()} once back at 16 KiB.
 *
 * <p><b>Receiving</b> happens while reading is not paused; {@link #pauseReading()} leaves new
 * datagrams in the kernel's buffer, which drops what does not fit (UDP semantics).
 *
 * <p><b>Threads.</b> Loop-confined: every method must be called from the loop that opened the
 * transport, and throws {@link WrongThreadException} elsewhere.
 *
 * @asyncio {@code asyncio.DatagramTransport}, {@code loop.create_datagram_endpoint}
 */
public interface DatagramTransport extends AutoCloseable {

    /**
     * Opens a UDP endpoint bound to {@code local} and, when {@code remote} is given, connected
     * to it (it then only exchanges datagrams with that peer). Unresolved host names are
     * resolved off the loop. {@code protocol.connectionMade} is called soon after.
     *
     * @param local the address to bind, e.g. {@code new InetSocketAddress("127.0.0.1", 0)};
     *     {@code null} binds an ephemeral port on the wildcard address
     * @param remote the peer to connect to, or {@code null}
     * @throws IOException if a name cannot be resolved ({@link java.net.UnknownHostException}),
     *     the address is taken ({@link java.net.BindException}), ...
     * @throws IllegalArgumentException if both addresses are {@code null}
     * @throws IllegalStateException if not called from a task
     * @throws io.jasyncio.CancelledError if the calling task is cancelled; nothing stays open
     * @suspends while names are resolved; a checkpoint otherwise
     * @asyncio {@code loop.create_datagram_endpoint(protocol_factory, local_addr, remote_addr)}
     */
    static DatagramTransport open(DatagramProtocol protocol, SocketAddress local, SocketAddress remote)
            throws IOException {
        return RealDatagramTransport.open(protocol, local, remote);
    }

    /**
     * Sends one datagram to {@code target}, or to the connected peer when {@code target} is
     * {@code null}. Failures the socket reports (a message too long, an unreachable network) go to
     * {@link DatagramProtocol#errorReceived}; the endpoint stays open.
     *
     * @throws IllegalArgumentException if {@code target} is null on an endpoint that is not
     *     connected, differs from the connected peer, or is an unresolved host name
     * @throws IllegalStateException if the transport is closing
     * @throws WrongThreadException if not called from the loop
     * @suspends never
     * @asyncio {@code DatagramTransport.sendto(data, addr)}
     */
    void sendTo(byte[] data, SocketAddress target);

    /**
     * {@link #sendTo(byte[], SocketAddress)} to the connected peer.
     *
     * @throws IllegalArgumentException if the endpoint is not connected
     */
    default void send(byte[] data) {
        sendTo(data, null);
    }

    /** Bytes of datagrams queued and not yet sent. @asyncio {@code get_write_buffer_size()} */
    long writeBufferSize();

    /** Stops delivering datagrams until {@link #resumeReading()}. Idempotent. */
    void pauseReading();

    /** Delivers datagrams again after {@link #pauseReading()}. Idempotent. */
    void resumeReading();

    /** Whether datagrams are delivered (not paused, not closing). */
    boolean isReading();

    /** The bound local address (with the actual port when 0 was asked). */
    SocketAddress localAddress();

    /** The connected peer, or {@code null}. */
    SocketAddress remoteAddress();

    /** Whether {@link #close()} or {@link #abort()} was called, or the socket failed. */
    boolean isClosing();

    /**
     * Stops reading, sends what is queued, then closes the socket and calls
     * {@code connectionLost(null)}. Does not suspend; idempotent. The port is released at the
     * loop's next poll, before {@code connectionLost} runs.
     *
     * @asyncio {@code DatagramTransport.close()}
     */
    @Override
    void close();

    /**
     * Closes the socket at once, dropping queued datagrams, and calls {@code connectionLost(null)}.
     *
     * @asyncio {@code DatagramTransport.abort()}
     */
    void abort();
}
