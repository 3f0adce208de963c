package io.jasyncio.streams;

import static io.jasyncio.streams.NetTesting.port;
import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.AsyncCallable;
import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cancels a connect, a TLS handshake and a read at each of their suspension points in turn
 * (after 0, 1, 2, ... loop turns) and checks that no file descriptor is left open.
 */
class CancellationLeavesNoSocketTest {
    private static final int MAX_STEPS = 40;

    /** Runs {@code op} once per step count, cancelling it after that many yields; returns the outcomes. */
    private static List<String> cancelAtEveryStep(AsyncCallable<Connection> op) throws Exception {
        List<String> outcomes = new ArrayList<>();
        for (int steps = 0; steps < MAX_STEPS; steps++) {
            int n = steps;
            Task<Connection> t = Asyncio.createTask("op", op);
            for (int i = 0; i < n; i++) {
                Asyncio.yieldNow();
            }
            t.cancel();
            try {
                Connection c = t.await();
                c.close();
                outcomes.add("done");
            } catch (CancelledError e) {
                outcomes.add("cancelled");
            }
        }
        return outcomes;
    }

    /** Lets the selector drop cancelled keys, which is when the JDK closes a registered socket. */
    private static void settle() {
        for (int i = 0; i < 5; i++) {
            Asyncio.yieldNow();
        }
    }

    private static long fdsAfter(AsyncCallable<Void> body) throws Exception {
        long[] fds = new long[2];
        Asyncio.run(() -> {
            body.call();               // warm up: class loading and lazily opened JDK files
            settle();
            fds[0] = NetTesting.openFds();
            body.call();
            settle();
            fds[1] = NetTesting.openFds();
            return null;
        });
        assertThat(fds[1]).as("open descriptors after the cancellations").isEqualTo(fds[0]);
        return fds[1];
    }

    @Test
    void cancelledConnectsLeaveNoSocket() throws Exception {
        List<List<String>> runs = new ArrayList<>();
        fdsAfter(() -> {
            try (Server s = StreamsTest.echoServer()) {
                int port = port(s);
                // a name: cancelled while the resolver thread looks it up (it takes real time)
                runs.add(cancelAtEveryStep(() -> Streams.openConnection("localhost", port)));
                // a literal: cancelled at each step of the connect itself, and finally not at all
                runs.add(cancelAtEveryStep(() -> Streams.openConnection("127.0.0.1", port)));
                s.abortClients();
            }
            return null;
        });
        assertThat(runs.get(2)).contains("cancelled");
        assertThat(runs.get(3)).contains("cancelled", "done");
    }

    @Test
    void cancelledTlsHandshakesLeaveNoSocket() throws Exception {
        ServerOptions so = TlsTest.tlsServer();
        ConnectOptions co = TlsTest.tlsClient();
        List<List<String>> runs = new ArrayList<>();
        fdsAfter(() -> {
            try (Server s = TlsTest.lineEcho(so, null)) {
                int port = port(s);
                runs.add(cancelAtEveryStep(() -> Streams.openConnection("127.0.0.1", port, co)));
                // the handshake's work runs on the CPU pool, which takes more real time than 40 loop
                // turns: those cancel it while that work runs; this one lets it finish
                try (Connection c = Streams.openConnection("127.0.0.1", port, co)) {
                    runs.add(List.of(c.transport().tlsSession().getProtocol()));
                }
                s.abortClients();
            }
            return null;
        });
        assertThat(runs.get(2)).contains("cancelled");
        assertThat(runs.get(3)).containsExactly("TLSv1.3");
    }

    @Test
    void cancelledReadsLeaveNoSocket() throws Exception {
        List<List<String>> runs = new ArrayList<>();
        fdsAfter(() -> {
            try (Server s = Streams.startServer(c -> c.reader().read(), "127.0.0.1", 0)) {
                int port = port(s);
                runs.add(cancelAtEveryStep(() -> {
                    try (Connection c = Streams.openConnection("127.0.0.1", port)) {
                        c.reader().read(10);       // the server never answers
                        return null;
                    }
                }));
                s.abortClients();
            }
            return null;
        });
        assertThat(runs.get(1)).containsOnly("cancelled");
    }
}
