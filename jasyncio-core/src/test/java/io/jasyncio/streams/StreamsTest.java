package io.jasyncio.streams;

import static io.jasyncio.streams.NetTesting.port;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StreamsTest {

    /** A server echoing every chunk with read(65536) and send. */
    static Server echoServer() throws Exception {
        return Streams.startServer(c -> {
            byte[] b;
            while ((b = c.reader().read(65536)).length > 0) {
                c.writer().send(b);
            }
        }, "127.0.0.1", 0);
    }

    @Nested
    class Reading {
        @Test
        void echoRoundTripReadsWhatWasSent() {
            String got = Asyncio.run(() -> {
                try (Server s = echoServer(); Connection c = Streams.openConnection("127.0.0.1", port(s))) {
                    c.writer().send("hello\n".getBytes(US_ASCII));
                    return new String(c.reader().readLine(), US_ASCII);
                }
            });
            assertThat(got).isEqualTo("hello\n");
        }

        @Test
        void readExactlyReadUntilAndLinesSplitTheStreamAsAsked() {
            List<String> got = Asyncio.run(() -> {
                try (Server s = Streams.startServer(c -> c.writer().send(
                        "abcdefHEAD\r\n\r\nline1\nline2\nrest".getBytes(US_ASCII)), "127.0.0.1", 0);
                     Connection c = Streams.openConnection("127.0.0.1", port(s))) {
                    List<String> r = new ArrayList<>();
                    r.add(new String(c.reader().readExactly(3), US_ASCII));
                    r.add(new String(c.reader().readUntil("\r\n\r\n".getBytes(US_ASCII)), US_ASCII));
                    for (byte[] line : c.reader().lines()) {
                        r.add(new String(line, US_ASCII));
                    }
                    r.add("eof=" + c.reader().atEof());
                    return r;
                }
            });
            assertThat(got).containsExactly("abc", "defHEAD\r\n\r\n", "line1\n", "line2\n", "rest", "eof=true");
        }

        @Test
        void readExactlyAtEndOfStreamCarriesThePartialBytes() {
            IncompleteReadException e = Asyncio.run(() -> {
                try (Server s = Streams.startServer(c -> c.writer().send(new byte[] {1, 2, 3}), "127.0.0.1", 0);
                     Connection c = Streams.openConnection("127.0.0.1", port(s))) {
                    try {
                        c.reader().readExactly(10);
                        return null;
                    } catch (IncompleteReadException x) {
                        return x;
                    }
                }
            });
            assertThat(e.partial()).containsExactly(1, 2, 3);
            assertThat(e.expected()).isEqualTo(10);
        }

        @Test
        void readUntilPastTheLimitKeepsTheData() {
            int[] result = Asyncio.run(() -> {
                try (Server s = Streams.startServer(c -> c.writer().send(new byte[100]), "127.0.0.1", 0);
                     Connection c = Streams.openConnection("127.0.0.1", port(s),
                             ConnectOptions.defaults().withLimit(10))) {
                    c.reader().readExactly(10);
                    int buffered;
                    try {
                        c.reader().readUntil(new byte[] {'\n'});
                        return null;
                    } catch (LimitOverrunException x) {
                        buffered = x.consumed();
                    }
                    return new int[] {buffered, c.reader().read().length};
                }
            });
            assertThat(result[0]).isGreaterThan(10);
            assertThat(result[1]).isEqualTo(90);
        }

        @Test
        void twoTasksReadingOneStreamFailClearly() {
            String msg = Asyncio.run(() -> {
                try (Server s = echoServer(); Connection c = Streams.openConnection("127.0.0.1", port(s))) {
                    Task<byte[]> first = Asyncio.createTask(() -> c.reader().read(10));
                    Asyncio.yieldNow();
                    try {
                        c.reader().read(10);
                        return "no error";
                    } catch (IllegalStateException x) {
                        first.cancel();
                        return x.getMessage();
                    }
                }
            });
            assertThat(msg).contains("already reading");
        }

        @Test
        void readOutsideATaskSaysWhatToDo() {
            Connection[] conn = new Connection[1];
            Server[] srv = new Server[1];
            Asyncio.run(() -> {
                srv[0] = echoServer();
                conn[0] = Streams.openConnection("127.0.0.1", port(srv[0]));
                assertThatThrownBy(() -> Asyncio.toThread(() -> conn[0].reader().read(1)))
                        .hasMessageContaining("task");
                conn[0].close();
                srv[0].close();
                return null;
            });
        }
    }
}
