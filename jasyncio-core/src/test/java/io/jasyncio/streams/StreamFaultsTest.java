package io.jasyncio.streams;

import static io.jasyncio.streams.NetTesting.port;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.AsyncFuture;
import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Loops;
import io.jasyncio.Task;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What happens when the peer misbehaves. */
class StreamFaultsTest {

    @Test
    void peerResetMidWriteFailsTheWriterAndTheServerGoesOn() throws Exception {
        List<String> got = Asyncio.run(() -> {
            EventLoop loop = Asyncio.runningLoop();
            AsyncFuture<Throwable> writerFailure = loop.createFuture();
            try (Server s = Streams.startServer(c -> {
                try {
                    byte[] chunk = new byte[64 * 1024];
                    for (int i = 0; i < 10_000; i++) {
                        c.writer().send(chunk);
                    }
                    writerFailure.setResult(null);
                } catch (IOException e) {
                    writerFailure.setResult(e);
                }
            }, "127.0.0.1", 0)) {
                Connection c = Streams.openConnection("127.0.0.1", port(s));
                c.reader().readExactly(1000);
                c.transport().setOption(StandardSocketOptions.SO_LINGER, 0);
                c.abort();                                          // RST: linger 0
                Throwable e = writerFailure.await();
                try (Connection again = Streams.openConnection("127.0.0.1", port(s))) {
                    again.reader().readExactly(10);
                }
                return List.of(String.valueOf(e), "served again");
            }
        });
        assertThat(got.get(0)).contains("SocketException");
        assertThat(got.get(1)).isEqualTo("served again");
    }

    @Test
    void aReaderNobodyReadsPausesTheSocketThenGetsEverything() throws Exception {
        long[] got = Asyncio.run(() -> {
            try (Server s = Streams.startServer(c -> c.writer().send(new byte[10 << 20]), "127.0.0.1", 0);
                 Connection c = Streams.openConnection("127.0.0.1", port(s))) {
                for (int i = 0; i < 200 && c.transport().isReading(); i++) {
                    Asyncio.sleep(Duration.ofMillis(1));                   // nobody reads
                }
                boolean pausedWhileUnread = !c.transport().isReading();
                long total = 0;
                byte[] b;
                while ((b = c.reader().read(1 << 20)).length > 0) {
                    total += b.length;
                }
                return new long[] {pausedWhileUnread ? 1 : 0, total};
            }
        });
        assertThat(got[0]).as("socket reading paused").isEqualTo(1);
        assertThat(got[1]).isEqualTo(10 << 20);
    }

    @Test
    void peerHalfCloseIsEndOfStreamAndWeCanStillAnswer() {
        String reply = Asyncio.run(() -> {
            try (Server s = Streams.startServer(c -> {
                byte[] all = c.reader().read();                    // up to the client's EOF
                c.writer().send(("got " + all.length).getBytes(US_ASCII));
            }, "127.0.0.1", 0);
                 Connection c = Streams.openConnection("127.0.0.1", port(s))) {
                c.writer().send(new byte[5000]);
                c.writer().writeEof();
                return new String(c.reader().read(), US_ASCII);
            }
        });
        assertThat(reply).isEqualTo("got 5000");
    }

    @Test
    void aPeerThatNeverReadsMakesTheWriterWaitWithBoundedMemoryAndCancelFreesIt() throws Exception {
        int[] seen = Asyncio.run(() -> {
            EventLoop loop = Asyncio.runningLoop();
            AsyncFuture<Task<?>> handler = loop.createFuture();
            AsyncFuture<Connection> serverSide = loop.createFuture();
            try (Server s = Streams.startServer(c -> {
                handler.setResult(Asyncio.currentTask());
                serverSide.setResult(c);
                c.writer().send(new byte[64 << 20]);               // 64 MiB the client never reads
            }, "127.0.0.1", 0);
                 Connection client = Streams.openConnection("127.0.0.1", port(s))) {
                client.transport().pauseReading();
                Connection c = serverSide.await();
                int maxBuffered = 0;
                for (int i = 0; i < 50; i++) {                      // let the socket buffers fill
                    Asyncio.sleep(Duration.ofMillis(2));
                    maxBuffered = Math.max(maxBuffered, c.transport().writeBufferSize());
                }
                Task<?> h = handler.await();
                boolean waiting = !h.isDone();
                h.cancel();
                try {
                    h.await();
                } catch (CancelledError expected) {
                    // the handler was cancelled inside send()
                }
                return new int[] {waiting ? 1 : 0, maxBuffered, s.connectionCount()};
            }
        });
        assertThat(seen[0]).as("handler still waiting in send").isEqualTo(1);
        assertThat(seen[1]).as("write buffer bound").isLessThanOrEqualTo(128 * 1024);
        assertThat(seen[2]).as("connections left after the cancel").isZero();
    }

    @Test
    void aClientThatGoesSilentGetsItsReadTimedOutByTheIdleTimeout() throws Exception {
        List<String> got = Loops.runVirtual(() -> {
            EventLoop loop = Asyncio.runningLoop();
            AsyncFuture<Throwable> handlerSaw = loop.createFuture();
            ServerOptions o = ServerOptions.defaults().withIdleTimeout(Duration.ofSeconds(30))
                    .withHeaderTimeout(null);
            try (Server s = Streams.startServer(c -> {
                try {
                    c.reader().readLine();
                } catch (SocketTimeoutException e) {
                    handlerSaw.setResult(e);
                    throw e;
                }
            }, "127.0.0.1", 0, o);
                 Connection c = Streams.openConnection("127.0.0.1", port(s))) {
                long start = loop.time();
                c.writer().send(new byte[] {'G'});                 // one byte, then nothing
                byte[] rest = c.reader().read();                   // until the server drops us
                return List.of(handlerSaw.await().getClass().getSimpleName(), "eof=" + rest.length,
                        "after>=30s=" + (loop.time() - start >= Duration.ofSeconds(30).toNanos()));
            }
        });
        assertThat(got).containsExactly("SocketTimeoutException", "eof=0", "after>=30s=true");
    }

    @Test
    void aSlowlorisClientIsClosedByAHandlerDeadline() throws Exception {
        String got = Loops.runVirtual(() -> {
            EventLoop loop = Asyncio.runningLoop();
            AsyncFuture<Throwable> handlerSaw = loop.createFuture();
            try (Server s = Streams.startServer(c -> {
                try {
                    // the whole request head within 10 s, however slowly it trickles in
                    Asyncio.timeout(Duration.ofSeconds(10), () -> c.reader().readUntil("\r\n\r\n".getBytes(US_ASCII)));
                } catch (io.jasyncio.AsyncTimeoutException e) {
                    handlerSaw.setResult(e);
                    throw e;
                }
            }, "127.0.0.1", 0);
                 Connection c = Streams.openConnection("127.0.0.1", port(s))) {
                loop.setExceptionHandler((l, ctx) -> { });       // the handler's failure is expected
                for (int i = 0; i < 100 && !handlerSaw.isDone(); i++) {
                    c.writer().send(new byte[] {'G'});             // a byte a second, never a full head
                    Asyncio.sleep(Duration.ofSeconds(1));
                }
                return handlerSaw.await().getClass().getSimpleName() + " eof=" + c.reader().read().length;
            }
        });
        assertThat(got).isEqualTo("AsyncTimeoutException eof=0");
    }

    @Test
    void aTenMebibyteLineAgainstTheLimitFailsWithBoundedBuffering() throws Exception {
        List<Object> got = Asyncio.run(() -> {
            EventLoop loop = Asyncio.runningLoop();
            AsyncFuture<LimitOverrunException> overrun = loop.createFuture();
            try (Server s = Streams.startServer(c -> {
                try {
                    c.reader().readLine();
                } catch (LimitOverrunException e) {
                    overrun.setResult(e);
                }
            }, "127.0.0.1", 0);
                 Connection c = Streams.openConnection("127.0.0.1", port(s))) {
                byte[] line = new byte[10 << 20];
                java.util.Arrays.fill(line, (byte) 'a');
                Task<Void> sender = Asyncio.createTask("sender", () -> {
                    try {
                        c.writer().send(line);
                    } catch (IOException e) {
                        // the server aborted after the overrun
                    }
                });
                LimitOverrunException e = overrun.await();
                sender.cancel();
                return new ArrayList<>(List.of(e.consumed()));
            }
        });
        int buffered = (Integer) got.get(0);
        assertThat(buffered).isGreaterThan(64 * 1024).isLessThanOrEqualTo(64 * 1024 + 64 * 1024);
    }
}
