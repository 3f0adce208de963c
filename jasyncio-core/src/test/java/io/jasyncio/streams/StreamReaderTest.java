package io.jasyncio.streams;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.AsyncFuture;
import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Loops;
import io.jasyncio.Task;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The reading rules of {@link StreamReader}, on memory streams in virtual time (issues 8 and 10). */
class StreamReaderTest {

    static byte[] b(String s) {
        return s.getBytes(US_ASCII);
    }

    static String s(byte[] b) {
        return new String(b, US_ASCII);
    }

    static String repeat(char c, int n) {
        return String.valueOf(c).repeat(n);
    }

    @Nested
    class Read {
        @Test
        void readZeroOnAnEmptyBufferReturnsAtOnce() {
            long[] got = Loops.runVirtual(() -> {
                MemoryStream m = MemoryStream.open();
                long before = Asyncio.runningLoop().time();
                // without data or end of stream, a read(0) that waited would time out here
                byte[] r = Asyncio.timeout(Duration.ofSeconds(1), () -> m.reader().read(0));
                return new long[] {r.length, Asyncio.runningLoop().time() - before};
            });
            assertThat(got).containsExactly(0, 0);
        }

        @Test
        void readZeroLeavesBufferedBytesInPlace() {
            String got = Loops.runVirtual(() -> {
                MemoryStream m = MemoryStream.open();
                m.feed(b("abc"));
                int zero = m.reader().read(0).length;
                return zero + s(m.reader().read(10));
            });
            assertThat(got).isEqualTo("0abc");
        }
    }

    @Nested
    class Limit {
        @Test
        void aLineOfExactlyTheLimitIsAccepted() {
            List<String> got = Loops.runVirtual(() -> {
                MemoryStream m = MemoryStream.open(10);
                m.feed(b(repeat('a', 10) + "\n" + repeat('b', 10) + "\r\n"));
                return List.of(s(m.reader().readLine()), s(m.reader().readUntil(b("\r\n"))));
            });
            assertThat(got).containsExactly(repeat('a', 10) + "\n", repeat('b', 10) + "\r\n");
        }

        @Test
        void aRecordOverTheLimitFailsAndConsumedCountsItWithItsSeparator() {
            List<Object> got = Loops.runVirtual(() -> {
                MemoryStream m = MemoryStream.open(10);
                m.feed(b(repeat('a', 11) + "\r\nnext\r\n"));
                List<Object> r = new ArrayList<>();
                try {
                    m.reader().readUntil(b("\r\n"));
                } catch (LimitOverrunException e) {
                    r.add(e.consumed());
                    r.add(s(m.reader().read(e.consumed())));   // readUntil keeps the data: skip it
                }
                r.add(s(m.reader().readUntil(b("\r\n"))));
                return r;
            });
            assertThat(got).containsExactly(13, repeat('a', 11) + "\r\n", "next\r\n");
        }

        @Test
        void withoutASeparatorConsumedIsTheBytesThatCannotStartOne() {
            List<Object> got = Loops.runVirtual(() -> {
                MemoryStream m = MemoryStream.open(10);
                m.feed(b(repeat('a', 20)));
                List<Object> r = new ArrayList<>();
                try {
                    m.reader().readUntil(b("\r\n"));
                } catch (LimitOverrunException e) {
                    r.add(e.consumed());
                }
                m.feedEof();
                r.add(m.reader().read().length);
                return r;
            });
            // the last byte could be the start of "\r\n", so 19 bytes are known to hold no separator
            assertThat(got).containsExactly(19, 20);
        }

        @Test
        void theLimitPlusHalfASeparatorWaitsForTheOtherHalf() {
            String got = Loops.runVirtual(() -> {
                MemoryStream m = MemoryStream.open(4);
                Task<byte[]> read = Asyncio.createTask(() -> m.reader().readUntil(b("\r\n")));
                m.feed(b("abcd\r"));
                Asyncio.sleep(Duration.ofSeconds(1));
                m.feed(b("\n"));
                return s(read.await());
            });
            assertThat(got).isEqualTo("abcd\r\n");
        }
    }

    @Nested
    class OverlongLines {
        @Test
        void readingOnAfterAnOverlongLineGetsTheNextLine() {
            List<String> got = Loops.runVirtual(() -> {
                MemoryStream m = MemoryStream.open(8);
                m.feed(b("short\n" + repeat('x', 20) + "\nafter\n"));
                m.feedEof();
                List<String> r = new ArrayList<>();
                // the usual asyncio loop: catch the overrun, read the next line; bounded so a spin fails the test
                for (int i = 0; i < 10; i++) {
                    try {
                        byte[] line = m.reader().readLine();
                        if (line.length == 0) {
                            return r;
                        }
                        r.add(s(line));
                    } catch (LimitOverrunException e) {
                        r.add("overrun " + e.consumed());
                    }
                }
                r.add("still reading after 10 calls");
                return r;
            });
            assertThat(got).containsExactly("short\n", "overrun 21", "after\n");
        }

        @Test
        void anOverlongLineWithoutNewlineDiscardsTheBuffer() {
            List<String> got = Loops.runVirtual(() -> {
                MemoryStream m = MemoryStream.open(8);
                m.feed(b(repeat('x', 20)));
                List<String> r = new ArrayList<>();
                try {
                    m.reader().readLine();
                } catch (LimitOverrunException e) {
                    r.add("overrun " + e.consumed());
                }
                m.feed(b("y\n"));
                r.add(s(m.reader().readLine()));
                return r;
            });
            assertThat(got).containsExactly("overrun 20", "y\n");
        }
    }

    @Nested
    class SeveralSeparators {
        @Test
        void theSeparatorThatEndsFirstWins() {
            List<String> got = Loops.runVirtual(() -> {
                MemoryStream m = MemoryStream.open();
                m.feed(b("a\nb\r\nc;d"));
                List<byte[]> seps = List.of(b("\r\n"), b("\n"), b(";"));
                return List.of(s(m.reader().readUntil(seps)), s(m.reader().readUntil(seps)),
                        s(m.reader().readUntil(seps)));
            });
            assertThat(got).containsExactly("a\n", "b\r\n", "c;");
        }

        @Test
        void aSeparatorStartingEarlierButEndingLaterLoses() {
            String got = Loops.runVirtual(() -> {
                MemoryStream m = MemoryStream.open();
                m.feed(b("aXYZ"));
                return s(m.reader().readUntil(List.of(b("XYZ"), b("Y"))));
            });
            assertThat(got).isEqualTo("aXY");
        }

        @Test
        void aSeparatorSplitAcrossArrivalsIsFound() {
            String got = Loops.runVirtual(() -> {
                MemoryStream m = MemoryStream.open();
                Task<byte[]> read = Asyncio.createTask(() -> m.reader().readUntil(List.of(b("\r\n\r\n"), b("\n\n"))));
                for (String part : List.of("head", "er\r\n", "\r", "\n", "body")) {
                    m.feed(b(part));
                    Asyncio.sleep(Duration.ofMillis(10));
                }
                return s(read.await());
            });
            assertThat(got).isEqualTo("header\r\n\r\n");
        }

        @Test
        void theLimitCountsTheBytesBeforeTheWinningSeparator() {
            List<Object> got = Loops.runVirtual(() -> {
                MemoryStream m = MemoryStream.open(4);
                m.feed(b("abcd\r\nabcde\n"));
                List<Object> r = new ArrayList<>();
                List<byte[]> seps = List.of(b("\r\n"), b("\n"));
                r.add(s(m.reader().readUntil(seps)));
                try {
                    m.reader().readUntil(seps);
                } catch (LimitOverrunException e) {
                    r.add(e.consumed());
                }
                return r;
            });
            assertThat(got).containsExactly("abcd\r\n", 6);
        }

        @Test
        void anEmptyListOrAnEmptySeparatorIsRejected() {
            Loops.runVirtual(() -> {
                MemoryStream m = MemoryStream.open();
                assertThatThrownBy(() -> m.reader().readUntil(List.of()))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
                assertThatThrownBy(() -> m.reader().readUntil(List.of(b("\n"), new byte[0])))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
                return null;
            });
        }
    }

    @Nested
    class ReadExactly {
        @Test
        void readExactlyOfMoreThanTheLimitFailsBeforeBufferingAnything() {
            List<Object> got = Loops.runVirtual(() -> {
                MemoryStream m = MemoryStream.open(16);
                List<Object> r = new ArrayList<>();
                try {
                    // nothing is fed: a read that waited for its bytes would time out
                    Asyncio.timeout(Duration.ofSeconds(1), () -> m.reader().readExactly(17));
                } catch (LimitOverrunException e) {
                    r.add(e.consumed());
                    r.add(e.getMessage().contains("limit of 16 bytes"));
                }
                byte[] sixteen = new byte[16];
                Arrays.fill(sixteen, (byte) 7);
                m.feed(sixteen);
                r.add(m.reader().readExactly(16).length);
                return r;
            });
            assertThat(got).containsExactly(0, true, 16);
        }

        @Test
        void aLengthPrefixAboveTheLimitFromASocketPeerIsRefusedAtOnce() {
            String got = Asyncio.run(() -> {
                EventLoop loop = Asyncio.runningLoop();
                AsyncFuture<String> outcome = loop.createFuture();
                try (Server s = Streams.startServer(c -> {
                    int n = ByteBuffer.wrap(c.reader().readExactly(4)).getInt();
                    try {
                        c.reader().readExactly(n);
                        outcome.setResult("read " + n + " bytes");
                    } catch (LimitOverrunException e) {
                        outcome.setResult("refused " + n);
                    }
                }, "127.0.0.1", 0);
                     Connection c = Streams.openConnection("127.0.0.1", NetTesting.port(s))) {
                    // a hostile peer announces 1 GiB and sends it slowly: the server must not wait to buffer it
                    c.writer().send(ByteBuffer.allocate(4).putInt(1 << 30).array());
                    c.writer().send(new byte[1000]);
                    return outcome.await();
                }
            });
            assertThat(got).isEqualTo("refused " + (1 << 30));
        }

        @Test
        void aPeerChosenHugeLengthIsRefusedWithTheDefaultLimit() {
            Loops.runVirtual(() -> {
                MemoryStream m = MemoryStream.open();
                m.feed(new byte[100]);
                assertThatThrownBy(() -> m.reader().readExactly(Integer.MAX_VALUE))
                        .isInstanceOf(LimitOverrunException.class)
                        .hasMessageContaining("limit of " + ConnectOptions.DEFAULT_LIMIT);
                assertThat(m.reader().read(1000)).hasSize(100);   // nothing was consumed
                return null;
            });
        }
    }
}
