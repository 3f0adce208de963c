package io.jasyncio.streams;

import static io.jasyncio.streams.StreamReaderTest.b;
import static io.jasyncio.streams.StreamReaderTest.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.Loops;
import io.jasyncio.Task;
import java.io.IOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link MemoryStream}: streams without a socket, for protocol tests in virtual time (issue 8). */
class MemoryStreamTest {

    @Nested
    class Feeding {
        @Test
        void aParserReadsWhatIsFedAsTheVirtualClockRuns() {
            List<Object> got = Loops.runVirtual(() -> {
                MemoryStream m = MemoryStream.open();
                Task<List<String>> parser = Asyncio.createTask(() -> {
                    List<String> lines = new ArrayList<>();
                    for (byte[] line : m.reader().lines()) {
                        lines.add(s(line));
                    }
                    return lines;
                });
                long start = Asyncio.runningLoop().time();
                for (String part : List.of("GET / HT", "TP/1.1\r\nHost: x\r\n", "\r\n")) {
                    Asyncio.sleep(Duration.ofHours(1));
                    m.feed(b(part));
                }
                m.feedEof();
                List<String> lines = parser.await();
                return List.of(lines, Duration.ofNanos(Asyncio.runningLoop().time() - start).toHours());
            });
            assertThat(got).containsExactly(List.of("GET / HTTP/1.1\r\n", "Host: x\r\n", "\r\n"), 3L);
        }

        @Test
        void feedAfterTheEndOfStreamIsRefused() {
            Loops.runVirtual(() -> {
                MemoryStream m = MemoryStream.open();
                m.feed(b("a"));
                m.feedEof();
                assertThatThrownBy(() -> m.feed(b("b"))).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("after the end of stream");
                assertThat(s(m.reader().read())).isEqualTo("a");
                assertThat(m.reader().atEof()).isTrue();
                return null;
            });
        }

        @Test
        void setExceptionFailsTheReadAfterTheBufferedBytes() {
            List<Object> got = Loops.runVirtual(() -> {
                MemoryStream m = MemoryStream.open();
                Task<byte[]> waiting = Asyncio.createTask(() -> m.reader().read(10));
                Asyncio.yieldNow();
                m.feed(b("ab"));
                m.setException(new SocketException("Connection reset"));
                List<Object> r = new ArrayList<>();
                r.add(s(waiting.await()));
                try {
                    m.reader().read(10);
                } catch (IOException e) {
                    r.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                }
                return r;
            });
            assertThat(got).containsExactly("ab", "SocketException: Connection reset");
        }

        @Test
        void openOutsideALoopSaysWhatToDo() {
            assertThatThrownBy(MemoryStream::open).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Asyncio.run");
        }

        @Test
        void feedingFromAnotherThreadIsRefused() {
            Loops.runVirtual(() -> {
                MemoryStream m = MemoryStream.open();
                assertThatThrownBy(() -> Asyncio.toThread(() -> {
                    m.feed(b("x"));
                    return null;
                })).isInstanceOf(WrongThreadException.class).hasMessageContaining("callSoonThreadsafe");
                return null;
            });
        }
    }

    @Nested
    class Writer {
        @Test
        void theWriterFeedsTheReaderAndCloseEndsTheStream() {
            String got = Loops.runVirtual(() -> {
                MemoryStream m = MemoryStream.open();
                m.writer().write(b("hello "));
                m.writer().send(b("world"));
                m.close();
                return s(m.reader().read()) + (m.reader().atEof() ? "|eof" : "");
            });
            assertThat(got).isEqualTo("hello world|eof");
        }

        @Test
        void aWriterAheadOfItsReaderWaitsWithBoundedMemory() {
            List<Object> got = Loops.runVirtual(() -> {
                MemoryStream m = MemoryStream.open(1024);
                byte[] data = new byte[1 << 20];
                for (int i = 0; i < data.length; i++) {
                    data[i] = (byte) i;
                }
                Task<Void> sender = Asyncio.createTask("sender", () -> {
                    m.writer().send(data);
                    m.writer().close();
                });
                for (int i = 0; i < 5; i++) {
                    Asyncio.yieldNow();
                }
                List<Object> r = new ArrayList<>();
                r.add(sender.isDone());
                // the reader pauses above twice its limit, the writer above its high-water mark
                r.add(m.writer().transport().writeBufferSize() <= m.writer().writeBufferHighWater() + 64 * 1024);
                byte[] all = new byte[data.length];
                int n = 0;
                for (byte[] chunk; (chunk = m.reader().read(1024)).length > 0; ) {
                    System.arraycopy(chunk, 0, all, n, chunk.length);
                    n += chunk.length;
                }
                sender.await();
                r.add(Arrays.equals(all, data));
                return r;
            });
            assertThat(got).containsExactly(false, true, true);
        }
    }

    @Nested
    class ConnectionPairs {
        /** A line echo handler, the code under test. */
        static final ConnectionHandler ECHO = c -> {
            for (byte[] line : c.reader().lines()) {
                c.writer().send(line);
            }
            c.close();
        };

        @Test
        void aHandlerServesTheOtherEndOfAPair() {
            List<String> got = Loops.runVirtual(() -> {
                MemoryStream.ConnectionPair p = MemoryStream.connectionPair();
                Task<Void> server = Asyncio.createTask("server", () -> ECHO.handle(p.server()));
                List<String> r = new ArrayList<>();
                for (String line : List.of("one\n", "two\n")) {
                    p.client().writer().send(b(line));
                    r.add(s(p.client().reader().readLine()));
                }
                p.client().writer().writeEof();
                server.await();
                r.add("eof=" + (p.client().reader().read().length == 0));
                p.client().close();
                p.client().writer().waitClosed();
                return r;
            });
            assertThat(got).containsExactly("one\n", "two\n", "eof=true");
        }

        @Test
        void abortingOneEndResetsTheOther() {
            String got = Loops.runVirtual(() -> {
                MemoryStream.ConnectionPair p = MemoryStream.connectionPair();
                Asyncio.createTask("aborter", () -> p.client().abort());
                try {
                    p.server().reader().read(10);       // waits until the abort
                    return "no error";
                } catch (Exception e) {
                    return e.getClass().getSimpleName() + ": " + e.getMessage();
                }
            });
            assertThat(got).startsWith("SocketException").contains("Connection reset by peer");
        }

        @Test
        void aPairHasNoAddressesNorTls() {
            Loops.runVirtual(() -> {
                MemoryStream.ConnectionPair p = MemoryStream.connectionPair();
                assertThat(p.client().transport().peerAddress()).isNull();
                assertThatThrownBy(() -> p.client().startTls(TlsOptions.client(), "x"))
                        .isInstanceOf(UnsupportedOperationException.class);
                p.client().close();
                p.server().close();
                return null;
            });
        }
    }
}
