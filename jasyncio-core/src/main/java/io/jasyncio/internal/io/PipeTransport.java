package io.jasyncio.internal.io;

import io.jasyncio.internal.task.RealEventLoop;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Transport;
import java.net.SocketAddress;
import java.net.SocketOption;
import javax.net.ssl.SSLSession;

/**
 * What the two ends of a JDK pipe have in common as {@link Transport}s: their loop, name and
 * protocol, and no socket (no addresses, options or TLS).
 */
abstract sealed class PipeTransport implements Transport permits PipeReadTransport, PipeWriteTransport {
    final RealEventLoop loop;
    final String name;
    final Protocol protocol;

    PipeTransport(RealEventLoop loop, String name, Protocol protocol) {
        this.loop = loop;
        this.name = name;
        this.protocol = protocol;
    }

    /** The error for an operation the other end of a pipe has ({@code end}: "reading", "writing"). */
    final UnsupportedOperationException unsupported(String what, String end) {
        return new UnsupportedOperationException(this + " is the " + end + " end of a pipe: " + what + "() is not "
                + "supported");
    }

    /** A pipe has no address: null. */
    @Override
    public final SocketAddress peerAddress() {
        return null;
    }

    /** A pipe has no address: null. */
    @Override
    public final SocketAddress localAddress() {
        return null;
    }

    @Override
    public final <T> T option(SocketOption<T> option) {
        throw new UnsupportedOperationException(this + " is a pipe, not a socket: it has no option " + option);
    }

    @Override
    public final <T> void setOption(SocketOption<T> option, T value) {
        throw new UnsupportedOperationException(this + " is a pipe, not a socket: it has no option " + option);
    }

    @Override
    public final SSLSession tlsSession() {
        return null;
    }

    @Override
    public final String applicationProtocol() {
        return null;
    }

    @Override
    public final Protocol protocol() {
        return protocol;
    }
}
