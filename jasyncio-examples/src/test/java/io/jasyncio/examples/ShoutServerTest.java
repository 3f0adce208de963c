package io.jasyncio.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.AsyncTimeoutException;
import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.junit.AsyncTest;
import io.jasyncio.streams.Connection;
import io.jasyncio.streams.Server;
import io.jasyncio.streams.Streams;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * What a user's test of a small network service looks like with {@code jasyncio-junit}: a
 * server that answers each line in capitals, a client with a 30-second budget per reply, real
 * sockets on loopback, and virtual time, so the timeout test takes no 30 seconds.
 */
class ShoutServerTest {

    /** The service under test: answers every line in capitals until the client hangs up. */
    static void shout(Connection c) throws Exception {
        for (byte[] line : c.reader().lines()) {
            c.writer().send(new String(line, UTF_8).toUpperCase().getBytes(UTF_8));
        }
    }

    /** A service that reads and never answers. */
    static void mute(Connection c) throws Exception {
        while (c.reader().read().length > 0) {
            // swallow what comes
        }
    }

    /** The client under test: one request, one reply, 30 seconds at most. */
    static String ask(Connection c, String line) throws Exception {
        c.writer().send((line + "\n").getBytes(UTF_8));
        return Asyncio.timeout(Duration.ofSeconds(30), () -> new String(c.reader().readLine(), UTF_8).strip());
    }

    static int port(Server s) {
        return ((InetSocketAddress) s.addresses().get(0)).getPort();
    }

    @AsyncTest
    void theServerAnswersEachLineInCapitals() throws Exception {
        Server server = Streams.startServer(ShoutServerTest::shout, "127.0.0.1", 0);
        try (Connection c = Streams.openConnection("127.0.0.1", port(server))) {
            assertThat(ask(c, "hello")).isEqualTo("HELLO");
            assertThat(ask(c, "again")).isEqualTo("AGAIN");
        } finally {
            server.close();
            server.waitClosed();
        }
    }

    @AsyncTest
    void aServerThatNeverAnswersTimesOutAfterThirtySecondsOfVirtualTime(EventLoop loop) throws Exception {
        long realStart = System.nanoTime();
        Server server = Streams.startServer(ShoutServerTest::mute, "127.0.0.1", 0);
        try (Connection c = Streams.openConnection("127.0.0.1", port(server))) {
            assertThatThrownBy(() -> ask(c, "anyone there?")).isInstanceOf(AsyncTimeoutException.class);
        } finally {
            server.close();
            server.waitClosed();
        }
        assertThat(Duration.ofNanos(loop.time())).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(Duration.ofNanos(System.nanoTime() - realStart)).isLessThan(Duration.ofSeconds(10));
    }
}
