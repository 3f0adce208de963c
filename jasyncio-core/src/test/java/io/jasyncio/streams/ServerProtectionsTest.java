package io.jasyncio.streams;

import static io.jasyncio.streams.NetTesting.port;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.AsyncFuture;
import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.ExceptionContext;
import io.jasyncio.Loops;
import io.jasyncio.Task;
import io.jasyncio.sync.Event;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** What a stream server does by default against clients that do not do their part. */
class ServerProtectionsTest {
    private static final byte[] HEAD_END = "\r\n\r\n".getBytes(US_ASCII);

    /** Reads a request head in one call, so the header deadline covers all of it, and answers. */
    private static final ConnectionHandler HEAD_THEN_OK = c -> {
        c.reader().readUntil(HEAD_END);
        c.writer().send("ok\n".getBytes(US_ASCII));
    };

    @Test
    void theDefaultsAreOnAndStated() {
        ServerOptions o = ServerOptions.defaults();
        assertThat(o.headerTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.writeTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.keepAlive()).isTrue();
        assertThat(o.backlog()).isEqualTo(65_535);
        assertThat(o.maxConnections()).isEqualTo(Integer.MAX_VALUE);
        assertThat(o.startServing()).isTrue();
        assertThat(TlsOptions.client().handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aSlowlorisIsClosedWithinTheHeaderDeadlineWhileANormalClientIsServed() throws Exception {
        List<ExceptionContext> reported = new ArrayList<>();
        List<Object> got = Loops.runVirtual(() -> {
            EventLoop loop = Asyncio.runningLoop();
            loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
            try (Server s = Streams.startServer(HEAD_THEN_OK, "127.0.0.1", 0);
                 Connection slow = Streams.openConnection("127.0.0.1", port(s))) {
                long start = loop.time();
                Task<Long> dropped = Asyncio.createTask("slowloris reader", () -> {
                    try {
                        slow.reader().read();                       // until the server drops it
                    } catch (IOException reset) {
                        // dropped with a reset: as good as an end of stream here
                    }
                    return loop.time() - start;
                });
                Task<Void> trickle = Asyncio.createTask("slowloris", () -> {
                    byte[] head = "GET / HTTP/1.1\r\nHost: x\r\nX-Pad: ".getBytes(US_ASCII);
                    try {
                        for (int i = 0; ; i++) {
                            slow.writer().send(new byte[] {head[i % head.length]});   // a byte a second, forever
                            Asyncio.sleep(Duration.ofSeconds(1));
                        }
                    } catch (IOException dropped2) {
                        // the server dropped the connection
                    }
                });
                Asyncio.sleep(Duration.ofSeconds(10));
                String answer;
                try (Connection normal = Streams.openConnection("127.0.0.1", port(s))) {
                    normal.writer().send("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
                    answer = new String(normal.reader().readLine(), US_ASCII);
                }
                long droppedAfter = Asyncio.timeout(Duration.ofMinutes(5), dropped::await);   // not forever
                trickle.cancel();
                return List.of(answer, droppedAfter >= Duration.ofSeconds(30).toNanos(),
                        droppedAfter < Duration.ofSeconds(31).toNanos());
            }
        });
        assertThat(got).containsExactly("ok\n", true, true);
        assertThat(reported).as("a slow client is the client's problem, not reported").isEmpty();
    }

    @Test
    void aClientThatReadsAndAnswersInTimeIsNotTouchedByTheHeaderDeadline() throws Exception {
        String got = Loops.runVirtual(() -> {
            try (Server s = Streams.startServer(c -> {
                for (byte[] line : c.reader().lines()) {
                    c.writer().send(line);
                }
            }, "127.0.0.1", 0, ServerOptions.defaults().withHeaderTimeout(Duration.ofSeconds(5)));
                 Connection c = Streams.openConnection("127.0.0.1", port(s))) {
                c.writer().send("first\n".getBytes(US_ASCII));
                c.reader().readLine();
                Asyncio.sleep(Duration.ofSeconds(20));             // well past the header deadline
                c.writer().send("later\n".getBytes(US_ASCII));
                return new String(c.reader().readLine(), US_ASCII);
            }
        });
        assertThat(got).isEqualTo("later\n");
    }

    @Test
    void aPeerThatNeverReadsIsDisconnectedAfterTheWriteTimeout() throws Exception {
        List<Object> got = Loops.runVirtual(() -> {
            EventLoop loop = Asyncio.runningLoop();
            AsyncFuture<IOException> handlerSaw = loop.createFuture();
            AsyncFuture<Long> started = loop.createFuture();
            ServerOptions o = ServerOptions.defaults().withWriteTimeout(Duration.ofSeconds(5));
            try (Server s = Streams.startServer(c -> {
                started.setResult(loop.time());
                try {
                    c.writer().send(new byte[64 << 20]);            // far more than the socket buffers hold
                    handlerSaw.setResult(null);
                } catch (IOException e) {
                    handlerSaw.setResult(e);
                }
            }, "127.0.0.1", 0, o);
                 Connection c = Streams.openConnection("127.0.0.1", port(s))) {
                c.transport().pauseReading();                       // and never reads
                IOException e = Asyncio.timeout(Duration.ofMinutes(5), handlerSaw::await);       // not forever
                long after = loop.time() - started.await();
                return List.of(e instanceof SocketException, e.getCause() instanceof SocketTimeoutException,
                        after >= Duration.ofSeconds(5).toNanos());
            }
        });
        assertThat(got).containsExactly(true, true, true);
    }

    @Test
    void atTheConnectionLimitFurtherClientsWaitInTheListenQueueUntilOneEnds() throws Exception {
        int[] got = Asyncio.run(() -> {
            Event release = new Event();
            int[] open = new int[2];
            try (Server s = Streams.startServer(c -> {
                open[0]++;
                open[1] = Math.max(open[1], open[0]);
                try {
                    release.await();
                    c.writer().send(c.reader().readLine());
                } finally {
                    open[0]--;
                }
            }, "127.0.0.1", 0, ServerOptions.defaults().withMaxConnections(2))) {
                List<Connection> clients = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    Connection c = Streams.openConnection("127.0.0.1", port(s));   // the kernel completes all three
                    c.writer().send(("c" + i + "\n").getBytes(US_ASCII));
                    clients.add(c);
                }
                while (open[0] < 2) {
                    Asyncio.yieldNow();
                }
                Asyncio.sleep(Duration.ofMillis(50));               // time enough to accept a third, if it would
                int duringLimit = s.connectionCount();
                release.set();
                int served = 0;
                for (Connection c : clients) {
                    if (c.reader().readLine().length == 3) {
                        served++;
                    }
                    c.close();
                }
                return new int[] {duringLimit, open[1], served};
            }
        });
        assertThat(got).containsExactly(2, 2, 3);
    }

    @Test
    void aTlsClientThatNeverHandshakesIsDroppedAfterTenSeconds() throws Exception {
        ServerOptions o = ServerOptions.defaults().withTls(TlsOptions.server(NetTesting.serverContext()));
        long[] got = Loops.runVirtual(() -> {
            EventLoop loop = Asyncio.runningLoop();
            int[] handled = new int[1];
            try (Server s = Streams.startServer(c -> handled[0]++, "127.0.0.1", 0, o);
                 Connection c = Streams.openConnection("127.0.0.1", port(s))) {   // plain TCP, no ClientHello
                long start = loop.time();
                try {
                    c.reader().read();
                } catch (IOException reset) {
                    // dropped with a reset
                }
                return new long[] {loop.time() - start, handled[0]};
            }
        });
        assertThat(got[0]).isBetween(Duration.ofSeconds(10).toNanos(), Duration.ofSeconds(11).toNanos());
        assertThat(got[1]).as("the handler never ran").isZero();
    }

    @Test
    void theHandshakeWorkRunsOffTheLoopThread() throws Exception {
        Thread[] seen = new Thread[2];
        X509TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                seen[1] = Thread.currentThread();                   // called from a delegated task
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, new TrustManager[] {trustAll}, null);
        ServerOptions so = ServerOptions.defaults().withTls(TlsOptions.server(NetTesting.serverContext()));
        ConnectOptions co = ConnectOptions.defaults().withTls(TlsOptions.client(client).withoutHostnameVerification());
        String got = Asyncio.run(() -> {
            Asyncio.runningLoop().callSoon(() -> seen[0] = Thread.currentThread());
            try (Server s = Streams.startServer(c -> c.writer().send(c.reader().readLine()), "127.0.0.1", 0, so);
                 Connection c = Streams.openConnection("127.0.0.1", port(s), co)) {
                c.writer().send("over tls\n".getBytes(US_ASCII));
                return new String(c.reader().readLine(), US_ASCII);
            }
        });
        assertThat(got).isEqualTo("over tls\n");
        assertThat(seen[1]).as("the certificate check ran").isNotNull();
        assertThat(seen[1]).as("not on the loop thread").isNotSameAs(seen[0]);
    }

    @Test
    void peerResetsAreNotReportedButHandlerBugsAre() throws Exception {
        List<ExceptionContext> reported = new ArrayList<>();
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.runningLoop();
            loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
            AsyncFuture<Void> allFailed = loop.createFuture();
            int[] failures = new int[1];
            try (Server s = Streams.startServer(c -> {
                try {
                    byte[] first = c.reader().readExactly(1);
                    if (first[0] == 'b') {
                        throw new IllegalStateException("handler bug");
                    }
                    c.reader().readExactly(1000);                    // the peer resets instead
                } finally {
                    if (++failures[0] == 21) {
                        allFailed.setResult(null);
                    }
                }
            }, "127.0.0.1", 0)) {
                for (int i = 0; i < 20; i++) {
                    Connection c = Streams.openConnection("127.0.0.1", port(s));
                    c.writer().send(new byte[] {'r'});
                    c.transport().setOption(StandardSocketOptions.SO_LINGER, 0);
                    Asyncio.sleep(Duration.ofMillis(1));
                    c.abort();                                       // RST
                }
                try (Connection bug = Streams.openConnection("127.0.0.1", port(s))) {
                    bug.writer().send(new byte[] {'b'});
                    allFailed.await();
                }
            }
            return null;
        });
        assertThat(reported).hasSize(1);
        assertThat(reported.get(0).exception()).hasMessage("handler bug");
    }

    @Test
    void keepAliveIsOnForAcceptedConnections() throws Exception {
        boolean on = Asyncio.run(() -> {
            EventLoop loop = Asyncio.runningLoop();
            AsyncFuture<Boolean> seen = loop.createFuture();
            try (Server s = Streams.startServer(c -> seen.setResult(c.transport().option(StandardSocketOptions.SO_KEEPALIVE)),
                    "127.0.0.1", 0);
                 Connection c = Streams.openConnection("127.0.0.1", port(s))) {
                return seen.await();
            }
        });
        assertThat(on).isTrue();
    }

    @Test
    void aServerBoundWithoutServingQueuesABurstOfAThousandConnectsThenServesThemAll() throws Exception {
        int burst = 1000;
        // readAllLines: Files.readString trusts the size /proc reports and reads a truncated value
        int somaxconn = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/core/somaxconn")).get(0).trim());
        Assumptions.assumeTrue(somaxconn >= burst, "net.core.somaxconn caps the listen queue below the burst");
        int[] got = Asyncio.run(() -> {
            try (Server s = Streams.startServer(c -> c.writer().send(new byte[] {'x'}), "127.0.0.1", 0,
                    ServerOptions.defaults().withStartServing(false))) {
                boolean servingBefore = s.isServing();
                int port = port(s);
                // blocking connects on another thread: each completes only if the listen queue has room
                List<Socket> sockets = Asyncio.toThread(() -> {
                    List<Socket> r = new ArrayList<>();
                    for (int i = 0; i < burst; i++) {
                        Socket k = new Socket();
                        k.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                        r.add(k);
                    }
                    return r;
                });
                s.startServing();
                int served = Asyncio.toThread(() -> {
                    int n = 0;
                    for (Socket k : sockets) {
                        try (k) {
                            if (k.getInputStream().read() == 'x') {
                                n++;
                            }
                        }
                    }
                    return n;
                });
                return new int[] {servingBefore ? 1 : 0, sockets.size(), served, s.isServing() ? 1 : 0};
            }
        });
        assertThat(got).containsExactly(0, burst, burst, 1);
    }

    @Test
    void waitClosedWithATimeoutSaysWhetherEveryConnectionEnded() throws Exception {
        boolean[] got = Loops.runVirtual(() -> {
            Server s = Streams.startServer(c -> c.reader().read(), "127.0.0.1", 0,
                    ServerOptions.defaults().withIdleTimeout(null));
            try (Connection c = Streams.openConnection("127.0.0.1", port(s))) {
                while (s.connectionCount() < 1) {
                    Asyncio.yieldNow();
                }
                s.close();
                boolean first = s.waitClosed(Duration.ofSeconds(1));   // the connection is still open
                s.abortClients();
                boolean second = s.waitClosed(Duration.ofSeconds(1));
                return new boolean[] {first, second};
            }
        });
        assertThat(got).containsExactly(false, true);
    }

    @Test
    void waitClosedReturnsAfterTheHandlerOfAnAbortedConnectionEnded() throws Exception {
        List<String> got = Loops.runVirtual(() -> {
            List<String> log = new ArrayList<>();
            ConnectionHandler toTheEnd = c -> {
                try {
                    c.reader().read();                          // to the end of stream: reads nothing before it
                } finally {
                    Asyncio.sleep(Duration.ofSeconds(1));       // cleanup that awaits
                    log.add("handler ended at " + Asyncio.runningLoop().time() / 1_000_000_000L + " s");
                }
            };
            Server s = Streams.startServer(toTheEnd, "127.0.0.1", 0,
                    ServerOptions.defaults().withHeaderTimeout(Duration.ofSeconds(5)));
            try (Connection c = Streams.openConnection("127.0.0.1", port(s))) {
                c.writer().send("hello".getBytes(US_ASCII));
                Asyncio.sleep(Duration.ofSeconds(5));           // the header deadline aborts it meanwhile
            }
            s.close();
            s.waitClosed();
            log.add("waitClosed returned with " + s.connectionCount() + " connections");
            return log;
        });
        assertThat(got).containsExactly("handler ended at 6 s", "waitClosed returned with 0 connections");
    }
}
