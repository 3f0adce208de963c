package io.jasyncio.streams;

import static io.jasyncio.streams.NetTesting.port;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Asyncio;
import io.jasyncio.ExceptionContext;
import io.jasyncio.LoopOptions;
import io.jasyncio.Task;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerTest {

    @Test
    void aFailingHandlerIsReportedAndItsConnectionClosedWhileTheServerGoesOn() {
        List<ExceptionContext> reported = new ArrayList<>();
        String got = Asyncio.run(() -> {
            Asyncio.runningLoop().setExceptionHandler((loop, ctx) -> reported.add(ctx));
            try (Server s = Streams.startServer(c -> {
                byte[] line = c.reader().readLine();
                if (line[0] == 'x') {
                    throw new IllegalStateException("handler bug");
                }
                c.writer().send(line);
            }, "127.0.0.1", 0)) {
                try (Connection bad = Streams.openConnection("127.0.0.1", port(s))) {
                    bad.writer().send("x\n".getBytes(US_ASCII));
                    assertThat(bad.reader().read()).isEmpty();
                }
                try (Connection good = Streams.openConnection("127.0.0.1", port(s))) {
                    good.writer().send("ok\n".getBytes(US_ASCII));
                    return new String(good.reader().readLine(), US_ASCII);
                }
            }
        });
        assertThat(got).isEqualTo("ok\n");
        assertThat(reported).hasSize(1);
        assertThat(reported.get(0).exception()).hasMessage("handler bug");
    }

    @Test
    void gracefulShutdownClosesEveryConnectionAndWaitClosedReturns() {
        int[] counts = Asyncio.run(() -> {
            Server s = Streams.startServer(c -> c.reader().read(), "127.0.0.1", 0);
            Task<Void> serving = Asyncio.createTask("serve", () -> s.serveForever());
            List<Connection> clients = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                clients.add(Streams.openConnection("127.0.0.1", port(s)));
            }
            while (s.connectionCount() < 5) {
                Asyncio.yieldNow();
            }
            int before = s.connectionCount();
            s.close();
            s.closeClients();
            s.waitClosed();
            serving.await();
            int eofs = 0;
            for (Connection c : clients) {
                if (c.reader().read().length == 0) {
                    eofs++;
                }
                c.close();
            }
            return new int[] {before, s.connectionCount(), eofs, s.isServing() ? 1 : 0};
        });
        assertThat(counts).containsExactly(5, 0, 5, 0);
    }

    @Test
    void cancellingServeForeverClosesTheServer() {
        boolean serving = Asyncio.run(() -> {
            Server s = Streams.startServer(c -> { }, "127.0.0.1", 0);
            Task<Void> t = Asyncio.createTask("serve", () -> s.serveForever());
            Asyncio.yieldNow();
            t.cancel();
            Asyncio.sleep(Duration.ZERO);
            return s.isServing();
        });
        assertThat(serving).isFalse();
    }

    @Test
    void unixDomainSocketsServeAndRemoveTheirFile() throws Exception {
        Path dir = Files.createTempDirectory("jasyncio-unix");
        Path sock = dir.resolve("echo.sock");
        List<Object> got = Asyncio.run(() -> {
            List<Object> r = new ArrayList<>();
            try (Server s = Streams.startUnixServer(c -> c.writer().send(c.reader().readLine()), sock,
                    ServerOptions.defaults())) {
                r.add(Files.exists(sock));
                try (Connection c = Streams.openUnixConnection(sock, ConnectOptions.defaults())) {
                    c.writer().send("over unix\n".getBytes(US_ASCII));
                    r.add(new String(c.reader().readLine(), US_ASCII));
                }
            }
            r.add(Files.exists(sock));
            return r;
        });
        Files.deleteIfExists(dir);
        assertThat(got).containsExactly(true, "over unix\n", false);
    }

    @Test
    void happyEyeballsConnectsThroughTheAddressThatListens() {
        String got = Asyncio.run(() -> {
            try (Server s = StreamsTest.echoServer();
                 Connection c = Streams.openConnection("localhost", port(s),
                         ConnectOptions.defaults().withHappyEyeballs(Duration.ofMillis(250)))) {
                c.writer().send("he\n".getBytes(US_ASCII));
                return new String(c.reader().readLine(), US_ASCII)
                        + ((InetSocketAddress) c.transport().peerAddress()).getAddress().getHostAddress();
            }
        });
        assertThat(got).isEqualTo("he\n127.0.0.1");
    }

    @Test
    void aConnectionNeverClosedIsClosedWithTheLoopAndNamedInDebugMode() throws Exception {
        List<String> warnings = new ArrayList<>();
        long before = NetTesting.openFds();
        Asyncio.run(LoopOptions.defaults().withDebug(true), () -> {
            Asyncio.runningLoop().setExceptionHandler((loop, ctx) -> warnings.add(ctx.message()));
            Server s = StreamsTest.echoServer();
            Streams.openConnection("127.0.0.1", port(s));     // dropped without close
            return null;
        });
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("was never closed"));
        assertThat(NetTesting.openFds()).isLessThanOrEqualTo(before + 1);
    }

    @Test
    void tenThousandConnectionsOnOneLoop() throws Exception {
        NetTesting.require("python3");
        long limit = fdLimit();
        if (limit < 10_300) {
            System.out.println("SKIPPED: tenThousandConnectionsOnOneLoop needs 10300 file descriptors, the limit is "
                    + limit + " (raise it with ulimit -n)");
            org.junit.jupiter.api.Assumptions.abort("fd limit " + limit);
        }
        Path script = NetTesting.pythonPeer();
        int[] got = Asyncio.run(() -> {
            int[] open = new int[2];
            try (Server s = Streams.startServer(c -> {
                open[0]++;
                open[1] = Math.max(open[1], open[0]);
                try {
                    byte[] b;
                    while ((b = c.reader().read(100)).length > 0) {
                        c.writer().send(b);
                    }
                } finally {
                    open[0]--;
                }
            }, "127.0.0.1", 0, ServerOptions.defaults().withBacklog(1024))) {
                int port = port(s);
                String out = Asyncio.toThread(() -> StreamsInteropTest.python(script, "fleet",
                        String.valueOf(port), "10000"));
                assertThat(out).isEqualTo("OK 10000");
            }
            return open;
        });
        assertThat(got[1]).isEqualTo(10_000);
    }

    /** The soft limit on open files, from /proc/self/limits. */
    private static long fdLimit() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                return Long.parseLong(line.substring(26).trim().split("\\s+")[0]);
            }
        }
        return 0;
    }
}
