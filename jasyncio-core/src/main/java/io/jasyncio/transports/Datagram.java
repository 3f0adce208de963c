package io.jasyncio.transports;

import java.net.SocketAddress;

/**
 * One received datagram.
 *
 * @param data the payload
 * @param sender the address it came from
 */
public record Datagram(byte[] data, SocketAddress sender) {
}
