package io.jasyncio.transports;

import java.io.IOException;
import java.net.SocketAddress;

/**
 * The callbacks of a UDP endpoint, called by its {@link DatagramTransport} on the loop thread,
 * one at a time, never inline from the call that caused them. An exception thrown by a callback
 * goes to the loop's exception handler; the endpoint keeps working.
 *
 * <p>For straight-line code use {@link DatagramEndpoint}, which implements this for you.
 *
 * @asyncio {@code asyncio.DatagramProtocol}
 */
public interface DatagramProtocol {

    /**
     * The endpoint is open; called once, before any other callback.
     *
     * @asyncio {@code connection_made(transport)}
     */
    default void connectionMade(DatagramTransport transport) {
    }

    /**
     * A datagram arrived.
     *
     * @param data the payload, owned by the callee
     * @param sender where it came from
     * @asyncio {@code datagram_received(data, addr)}
     */
    void datagramReceived(byte[] data, SocketAddress sender);

    /**
     * A send or receive failed without closing the endpoint, e.g. a
     * {@link java.net.PortUnreachableException} on a connected endpoint after the peer's port
     * answered with ICMP "port unreachable".
     *
     * @asyncio {@code error_received(exc)}
     */
    default void errorReceived(IOException error) {
    }

    /**
     * The endpoint is closed; called once, last.
     *
     * @param cause the failure that closed it, or {@code null} after {@code close()}/{@code abort()}
     * @asyncio {@code connection_lost(exc)}
     */
    default void connectionLost(Throwable cause) {
    }

    /**
     * The transport's queue of unsent datagrams went above its high-water mark (64 KiB): stop
     * sending until {@link #resumeWriting()}.
     *
     * @asyncio {@code pause_writing()}
     */
    default void pauseWriting() {
    }

    /**
     * The queue of unsent datagrams went back down to its low-water mark (16 KiB).
     *
     * @asyncio {@code resume_writing()}
     */
    default void resumeWriting() {
    }
}
