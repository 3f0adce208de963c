package io.jasyncio.transports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.LoopOptions;
import io.jasyncio.Task;
import io.jasyncio.subprocess.Subprocess;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DatagramEndpointTest {
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Nested
    class Echo {
        @Test
        void echoBetweenTwoJasyncioEndpoints() {
            List<String> replies = Asyncio.run(() -> {
                try (DatagramEndpoint server = DatagramEndpoint.bind(ANY_LOOPBACK);
                     DatagramEndpoint client = DatagramEndpoint.connect(server.localAddress())) {
                    Task<Void> echo = Asyncio.createTask("echo", () -> {
                        for (int i = 0; i < 100; i++) {
                            Datagram d = server.receive();
                            server.sendTo(utf8("echo " + text(d.data())), d.sender());
                        }
                    });
                    List<String> got = new ArrayList<>();
                    for (int i = 0; i < 100; i++) {
                        client.send(utf8("m" + i));
                        Datagram reply = client.receive();
                        assertThat(reply.sender()).isEqualTo(server.localAddress());
                        got.add(text(reply.data()));
                    }
                    echo.await();
                    return got;
                }
            });
            assertThat(replies).hasSize(100).startsWith("echo m0", "echo m1").endsWith("echo m99");
        }

        @Test
        void echoAgainstAPythonPeer() {
            String script = String.join("\n",
                    "import socket",
                    "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
                    "s.bind(('127.0.0.1', 0))",
                    "print(s.getsockname()[1], flush=True)",
                    "for _ in range(20):",
                    "    data, addr = s.recvfrom(65536)",
                    "    s.sendto(data.upper(), addr)");
            List<String> replies = Asyncio.run(() -> {
                try (Subprocess python = Subprocess.exec("python3", "-c", script)) {
                    int port = Integer.parseInt(text(python.stdout().readLine()).trim());
                    try (DatagramEndpoint client = DatagramEndpoint.connect(new InetSocketAddress("127.0.0.1", port))) {
                        List<String> got = new ArrayList<>();
                        for (int i = 0; i < 20; i++) {
                            client.send(utf8("hello " + i));
                            got.add(text(client.receive().data()));
                        }
                        assertThat(python.waitFor()).isZero();
                        return got;
                    }
                }
            });
            assertThat(replies).hasSize(20).startsWith("HELLO 0").endsWith("HELLO 19");
        }

        @Test
        void aLargeDatagramArrivesWhole() {
            byte[] big = new byte[60_000];
            java.util.Arrays.fill(big, (byte) 7);
            byte[] got = Asyncio.run(() -> {
                try (DatagramEndpoint a = DatagramEndpoint.bind(ANY_LOOPBACK);
                     DatagramEndpoint b = DatagramEndpoint.bind(ANY_LOOPBACK)) {
                    a.sendTo(big, b.localAddress());
                    return b.receive().data();
                }
            });
            assertThat(got).isEqualTo(big);
        }
    }

    @Nested
    class Protocol {
        @Test
        void callbacksComeInOrderAndConnectionLostComesLast() {
            List<String> events = Asyncio.run(() -> {
                List<String> ev = new ArrayList<>();
                io.jasyncio.AsyncFuture<Void> lost = Asyncio.runningLoop().createFuture();
                io.jasyncio.AsyncFuture<Void> received = Asyncio.runningLoop().createFuture();
                DatagramProtocol p = new DatagramProtocol() {
                    @Override
                    public void connectionMade(DatagramTransport t) {
                        ev.add("made");
                    }

                    @Override
                    public void datagramReceived(byte[] data, SocketAddress sender) {
                        ev.add("got " + text(data));
                        received.setResult(null);
                    }

                    @Override
                    public void connectionLost(Throwable cause) {
                        ev.add("lost " + cause);
                        lost.setResult(null);
                    }
                };
                DatagramTransport t = DatagramTransport.open(p, ANY_LOOPBACK, null);
                try (DatagramEndpoint sender = DatagramEndpoint.connect(t.localAddress())) {
                    sender.send(utf8("ping"));
                    received.await();
                }
                t.close();
                assertThat(t.isClosing()).isTrue();
                lost.await();
                return ev;
            });
            assertThat(events).containsExactly("made", "got ping", "lost null");
        }
    }

    @Nested
    class Errors {
        @Test
        void aConnectedEndpointHearsThatNobodyListens() {
            Asyncio.run(() -> {
                SocketAddress dead;
                try (DatagramEndpoint gone = DatagramEndpoint.bind(ANY_LOOPBACK)) {
                    dead = gone.localAddress();
                }
                Asyncio.yieldNow(); // the port is released at the loop's next poll
                try (DatagramEndpoint client = DatagramEndpoint.connect(dead)) {
                    client.send(utf8("anyone?"));
                    assertThatThrownBy(client::receive).isInstanceOf(PortUnreachableException.class);
                }
            });
        }

        @Test
        void badAddressesAreRejectedWithAdvice() {
            Asyncio.run(() -> {
                try (DatagramEndpoint unconnected = DatagramEndpoint.bind(ANY_LOOPBACK);
                     DatagramEndpoint connected = DatagramEndpoint.connect(unconnected.localAddress())) {
                    assertThatThrownBy(() -> unconnected.send(utf8("x"))).isInstanceOf(IllegalArgumentException.class)
                            .hasMessageContaining("not connected");
                    assertThatThrownBy(() -> connected.sendTo(utf8("x"), new InetSocketAddress("127.0.0.1", 9)))
                            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is connected to");
                    assertThatThrownBy(() -> unconnected.sendTo(utf8("x"), InetSocketAddress.createUnresolved("example.org", 9)))
                            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not resolved");
                }
                assertThatThrownBy(() -> DatagramEndpoint.open(null, null)).isInstanceOf(IllegalArgumentException.class);
            });
        }

        @Test
        void openingOutsideATaskSaysWhatToDo() {
            assertThatThrownBy(() -> DatagramEndpoint.bind(ANY_LOOPBACK))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("Asyncio.run");
        }

        @Test
        void aBusyPortGivesBindException() {
            Asyncio.run(() -> {
                try (DatagramEndpoint first = DatagramEndpoint.bind(ANY_LOOPBACK)) {
                    assertThatThrownBy(() -> DatagramEndpoint.bind(first.localAddress()))
                            .isInstanceOf(java.net.BindException.class);
                }
            });
        }
    }

    @Nested
    class Lifecycle {
        @Test
        void aCancelledReceiveLosesNoDatagram() {
            String got = Asyncio.run(() -> {
                try (DatagramEndpoint server = DatagramEndpoint.bind(ANY_LOOPBACK);
                     DatagramEndpoint client = DatagramEndpoint.connect(server.localAddress())) {
                    Task<Datagram> waiting = Asyncio.createTask("receiver", server::receive);
                    Asyncio.yieldNow();
                    waiting.cancel("no longer needed");
                    assertThatThrownBy(waiting::await).isInstanceOf(CancelledError.class);
                    client.send(utf8("kept"));
                    return text(server.receive().data());
                }
            });
            assertThat(got).isEqualTo("kept");
        }

        @Test
        void closingWakesAWaitingReceiverWithAClearError() {
            Asyncio.run(() -> {
                DatagramEndpoint server = DatagramEndpoint.bind(ANY_LOOPBACK);
                Task<Datagram> waiting = Asyncio.createTask("receiver", server::receive);
                Asyncio.yieldNow();
                server.close();
                assertThatThrownBy(waiting::await).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
                assertThatThrownBy(server::receive).isInstanceOf(IllegalStateException.class);
            });
        }

        @Test
        void manyUnreadDatagramsAreAllReceivableWithinTheQueueBound() {
            int count = Asyncio.run(() -> {
                try (DatagramEndpoint server = DatagramEndpoint.bind(ANY_LOOPBACK);
                     DatagramEndpoint client = DatagramEndpoint.connect(server.localAddress())) {
                    for (int i = 0; i < DatagramEndpoint.MAX_QUEUED; i++) {
                        client.send(utf8(Integer.toString(i)));
                    }
                    int n = 0;
                    while (n < DatagramEndpoint.MAX_QUEUED) {
                        assertThat(text(server.receive().data())).isEqualTo(Integer.toString(n));
                        n++;
                    }
                    return n;
                }
            });
            assertThat(count).isEqualTo(DatagramEndpoint.MAX_QUEUED);
        }
    }

    @Test
    void anEndpointNeverClosedIsClosedWithTheLoopAndNamedInDebugMode() throws Exception {
        List<String> warnings = new ArrayList<>();
        int port = Asyncio.run(LoopOptions.defaults().withDebug(true), () -> {
            Asyncio.runningLoop().setExceptionHandler((loop, ctx) -> warnings.add(ctx.message()));
            DatagramEndpoint e = DatagramEndpoint.bind(ANY_LOOPBACK);     // dropped without close
            return ((InetSocketAddress) e.localAddress()).getPort();
        });
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("DatagramTransport[").contains("was never closed"));
        // the port is free again: the socket was really closed
        try (DatagramSocket again = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }
}
