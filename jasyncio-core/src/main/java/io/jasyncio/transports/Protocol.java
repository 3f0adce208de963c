package io.jasyncio.transports;

import java.nio.ByteBuffer;

/**
 * The callbacks a {@link Transport} calls on the loop: the connection's life, its data, and
 * write flow control. Every method has an empty default except {@link #dataReceived}.
 *
 * <p><b>Order.</b> {@code connectionMade}, then any number of {@code dataReceived}, at most one
 * {@code eofReceived}, then exactly one {@code connectionLost}. {@code pauseWriting} and
 * {@code resumeWriting} alternate, starting with a pause.
 *
 * <p><b>Threads.</b> Every callback runs on the loop thread and must not block or suspend; to
 * await something, hand the work to a task. An exception thrown by a callback is reported to
 * the loop's exception handler and aborts the connection.
 *
 * <p><b>Comparison.</b> asyncio's {@code Protocol}. The data arrives in a borrowed
 * {@link ByteBuffer}, valid only during the call: copy what you keep. This is what asyncio's
 * {@code BufferedProtocol} is for (no allocation per read), so there is no separate type.
 *
 * @asyncio {@code asyncio.Protocol}, {@code asyncio.BufferedProtocol}
 */
public interface Protocol {

    /** The connection is ready; {@code transport} is the one to write to. */
    default void connectionMade(Transport transport) {
    }

    /**
     * Bytes arrived. {@code data} is borrowed: read it (its position may move) before returning
     * and do not keep it.
     */
    void dataReceived(ByteBuffer data);

    /**
     * The peer closed its sending side.
     *
     * @return true to keep the connection open for writing (half-closed), false to close it
     */
    default boolean eofReceived() {
        return false;
    }

    /**
     * The connection is closed.
     *
     * @param cause null after a regular close or EOF, else the error that ended it
     */
    default void connectionLost(Throwable cause) {
    }

    /** The transport's write buffer went above the high-water mark: stop producing. */
    default void pauseWriting() {
    }

    /** The write buffer went down to the low-water mark: producing may go on. */
    default void resumeWriting() {
    }
}
