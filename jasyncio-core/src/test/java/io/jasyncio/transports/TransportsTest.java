package io.jasyncio.transports;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.AsyncFuture;
import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.streams.ConnectOptions;
import io.jasyncio.streams.Server;
import io.jasyncio.streams.ServerOptions;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransportsTest {

    /** Echoes every byte back from the callback itself: no task per connection. */
    static final class Echo implements Protocol {
        private Transport transport;

        @Override
        public void connectionMade(Transport t) {
            transport = t;
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            transport.write(data);
        }
    }

    /** Collects what arrives and the order of its callbacks. */
    static final class Collector implements Protocol {
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        final List<String> events = new ArrayList<>();
        final AsyncFuture<Void> lost;
        final int expect;

        Collector(EventLoop loop, int expect) {
            this.lost = loop.createFuture();
            this.expect = expect;
        }

        @Override
        public void connectionMade(Transport t) {
            events.add("made");
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            got.writeBytes(b);
        }

        @Override
        public boolean eofReceived() {
            events.add("eof");
            return false;
        }

        @Override
        public void connectionLost(Throwable cause) {
            events.add("lost " + cause);
            lost.setResult(null);
        }
    }

    @Test
    void protocolsEchoAndSeeTheirCallbacksInOrder() {
        List<String> got = Asyncio.run(() -> {
            try (Server s = Transports.createServer(Echo::new, "127.0.0.1", 0, ServerOptions.defaults())) {
                int port = ((InetSocketAddress) s.addresses().get(0)).getPort();
                Collector c = new Collector(Asyncio.runningLoop(), 5);
                Transport t = Transports.createConnection(() -> c, "127.0.0.1", port, ConnectOptions.defaults());
                t.write("hello".getBytes(US_ASCII));
                t.writeEof();                       // the echo server closes after our EOF
                c.lost.await();
                List<String> r = new ArrayList<>(c.events);
                r.add(c.got.toString(US_ASCII));
                return r;
            }
        });
        assertThat(got).containsExactly("made", "eof", "lost null", "hello");
    }

    @Test
    void protocolsTalkTlsAndTheProtocolSeesTheConnectionOnlyAfterTheHandshake() throws Exception {
        ServerOptions so = ServerOptions.defaults().withTls(
                io.jasyncio.streams.TlsOptions.server(TlsContexts.server()));
        ConnectOptions co = ConnectOptions.defaults().withTls(
                io.jasyncio.streams.TlsOptions.client(TlsContexts.client()));
        List<String> got = Asyncio.run(() -> {
            try (Server s = Transports.createServer(Echo::new, "127.0.0.1", 0, so)) {
                int port = ((InetSocketAddress) s.addresses().get(0)).getPort();
                Collector c = new Collector(Asyncio.runningLoop(), 5);
                Transport t = Transports.createConnection(() -> c, "127.0.0.1", port, co);
                t.write("hello".getBytes(US_ASCII));
                while (c.got.size() < 5) {
                    Asyncio.sleep(java.time.Duration.ofMillis(1));
                }
                List<String> r = new ArrayList<>(c.events);
                r.add(c.got.toString(US_ASCII));
                r.add(t.tlsSession().getProtocol());
                t.close();
                c.lost.await();
                return r;
            }
        });
        assertThat(got).containsExactly("made", "hello", "TLSv1.3");
    }

    @Test
    void writingFromAnotherThreadNamesTheThreadSafeWay() {
        String msg = Asyncio.run(() -> {
            try (Server s = Transports.createServer(Echo::new, "127.0.0.1", 0, ServerOptions.defaults())) {
                int port = ((InetSocketAddress) s.addresses().get(0)).getPort();
                Transport t = Transports.createConnection(() -> new Collector(Asyncio.runningLoop(), 0), "127.0.0.1",
                        port, ConnectOptions.defaults());
                java.util.concurrent.CompletableFuture<String> f = new java.util.concurrent.CompletableFuture<>();
                Thread.ofPlatform().start(() -> {
                    try {
                        t.write(new byte[1]);
                        f.complete("no error");
                    } catch (WrongThreadException e) {
                        f.complete(e.getMessage());
                    }
                });
                String m = Asyncio.await(f);
                t.close();
                return m;
            }
        });
        assertThat(msg).contains("callSoonThreadsafe");
    }

    @Test
    void badWaterMarksAreRejected() {
        assertThatThrownBy(() -> Asyncio.run(() -> {
            try (Server s = Transports.createServer(Echo::new, "127.0.0.1", 0, ServerOptions.defaults())) {
                int port = ((InetSocketAddress) s.addresses().get(0)).getPort();
                try (Transport t = Transports.createConnection(Echo::new, "127.0.0.1", port, ConnectOptions.defaults())) {
                    t.setWriteBufferLimits(10, 20);
                }
            }
            return null;
        })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("low <= high");
    }
}
