package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.streams.Server;
import io.jasyncio.streams.ServerOptions;
import io.jasyncio.streams.Streams;
import io.jasyncio.streams.TlsOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A TLS handshake flood against one jasyncio TLS server (issue 10): client threads open TLS
 * connections as fast as they can (full handshakes, no resumption), each exchanging one byte,
 * while a task on the server's loop measures the loop's lag (how late a 10 ms sleep wakes up) and
 * a plain bystander connection on the same loop measures its round-trip time. Prints handshakes
 * per second and both latencies (p50, p99, max).
 *
 * <p>Run it on the commit before the delegated tasks moved off the loop and after, with the same
 * arguments: it uses only API both have.
 *
 * <pre>{@code
 * mvn -B -q -pl jasyncio-bench -am -Dmaven.test.skip=true package
 * java --add-opens java.base/java.lang=ALL-UNNAMED -cp jasyncio-bench/target/jasyncio-bench-0.1.0-SNAPSHOT.jar \
 *     io.jasyncio.bench.TlsHandshakeFlood [seconds=10] [clientThreads=8]
 * }</pre>
 */
public final class TlsHandshakeFlood {
    private static final Duration PROBE = Duration.ofMillis(10);

    private TlsHandshakeFlood() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        SSLContext serverCtx = serverContext();
        SSLContext clientCtx = trustingClientContext();
        ServerOptions options = ServerOptions.defaults().withTls(TlsOptions.server(serverCtx)).withBacklog(4096);
        String report = Asyncio.run(() -> {
            try (Server tls = Streams.startServer(c -> c.writer().send(c.reader().readExactly(1)), "127.0.0.1", 0,
                    options);
                 Server plain = Streams.startServer(c -> {
                     for (byte[] b; (b = c.reader().read(64)).length > 0; ) {
                         c.writer().send(b);
                     }
                 }, "127.0.0.1", 0)) {
                int tlsPort = ((InetSocketAddress) tls.addresses().get(0)).getPort();
                int plainPort = ((InetSocketAddress) plain.addresses().get(0)).getPort();
                AtomicBoolean stop = new AtomicBoolean();
                AtomicLong handshakes = new AtomicLong();
                AtomicLong failures = new AtomicLong();
                List<Thread> clients = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    clients.add(Thread.ofPlatform().name("flood-" + i).start(
                            () -> flood(clientCtx, tlsPort, stop, handshakes, failures)));
                }
                List<Long> lags = new ArrayList<>();
                List<Long> rtts = new ArrayList<>();
                try (var bystander = Streams.openConnection("127.0.0.1", plainPort)) {
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
                    long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        Asyncio.sleep(PROBE);
                        long lag = System.nanoTime() - t0 - PROBE.toNanos();
                        long t1 = System.nanoTime();
                        bystander.writer().send(new byte[] {1});
                        bystander.reader().readExactly(1);
                        long rtt = System.nanoTime() - t1;
                        if (t0 > warmEnd) {
                            lags.add(lag);
                            rtts.add(rtt);
                        }
                    }
                }
                long count = handshakes.get();
                stop.set(true);
                Asyncio.toThread(() -> {
                    for (Thread t : clients) {
                        t.join();
                    }
                    return null;
                });
                tls.abortClients();
                return String.format("threads=%d seconds=%d handshakes/s=%.0f failures=%d%n"
                                + "loop lag (10 ms sleep overshoot): %s%nbystander round trip: %s",
                        threads, seconds, count / (double) seconds, failures.get(), summary(lags), summary(rtts));
            }
        });
        System.out.println(report);
    }

    /** One client thread: full TLS handshakes plus a one-byte exchange, until told to stop. */
    private static void flood(SSLContext ctx, int port, AtomicBoolean stop, AtomicLong handshakes,
                              AtomicLong failures) {
        while (!stop.get()) {
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
                s.setSoTimeout(30_000);
                s.startHandshake();
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                out.write(7);
                out.flush();
                if (in.read() == 7) {
                    handshakes.incrementAndGet();
                }
                s.getSession().invalidate();                    // no resumption: every handshake is a full one
            } catch (Exception e) {
                failures.incrementAndGet();
            }
        }
    }

    private static String summary(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return "no samples";
        }
        long[] a = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return String.format("p50=%.2f ms p99=%.2f ms max=%.2f ms (n=%d)", a[a.length / 2] / 1e6,
                a[(int) (a.length * 0.99)] / 1e6, a[a.length - 1] / 1e6, a.length);
    }

    /** A server context on a fresh self-signed RSA 2048 key made with the JDK's keytool. */
    private static SSLContext serverContext() throws Exception {
        Path dir = Files.createTempDirectory("tls-flood");
        Path store = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize",
                "2048", "-dname", "CN=localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore",
                store.toString(), "-storepass", "changeit").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool failed");
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        Files.delete(store);
        Files.delete(dir);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /** A client context that trusts any certificate: the flood measures the server, not PKI. */
    private static SSLContext trustingClientContext() throws Exception {
        X509TrustManager all = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {all}, null);
        return ctx;
    }
}
