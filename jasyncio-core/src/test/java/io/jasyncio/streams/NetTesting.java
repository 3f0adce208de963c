package io.jasyncio.streams;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;

/** Shared by the network tests: ports, descriptor counts, certificates, external programs. */
final class NetTesting {
    private static Path certDir;

    private NetTesting() {
    }

    static int port(Server s) {
        return ((InetSocketAddress) s.addresses().get(0)).getPort();
    }

    /** Open file descriptors of this process. */
    static long openFds() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code program} is on the PATH. */
    static boolean has(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** Skips the test, printing why, when {@code program} is missing. */
    static void require(String program) {
        if (!has(program)) {
            System.out.println("SKIPPED: " + program + " is not installed (apt-get install -y " + program + ")");
            Assumptions.abort(program + " is not installed");
        }
    }

    /** Runs a command to completion within 30 s; fails with its output otherwise. */
    static void run(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + new String(out));
        }
    }

    /**
     * A self-signed certificate for localhost and 127.0.0.1: cert.pem, key.pem and server.p12
     * (password "changeit"), made once per JVM with openssl, or keytool when openssl is missing
     * (then only the p12 exists).
     */
    static synchronized Path certs() throws Exception {
        if (certDir == null) {
            Path d = Files.createTempDirectory("jasyncio-tls");
            d.toFile().deleteOnExit();
            if (has("openssl")) {
                run(d, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out",
                        "cert.pem", "-days", "2", "-subj", "/CN=localhost",
                        "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1");
                run(d, "openssl", "pkcs12", "-export", "-in", "cert.pem", "-inkey", "key.pem", "-out", "server.p12",
                        "-passout", "pass:changeit", "-name", "server");
            } else {
                String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
                run(d, keytool, "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname",
                        "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype",
                        "PKCS12", "-keystore", "server.p12", "-storepass", "changeit");
            }
            for (String f : List.of("cert.pem", "key.pem", "server.p12")) {
                d.resolve(f).toFile().deleteOnExit();
            }
            certDir = d;
        }
        return certDir;
    }

    private static KeyStore serverStore() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(certs().resolve("server.p12"))) {
            ks.load(in, "changeit".toCharArray());
        }
        return ks;
    }

    /** A server context holding the test certificate's key. */
    static SSLContext serverContext() throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(serverStore(), "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /** A client context that trusts only the test certificate. */
    static SSLContext clientContext() throws Exception {
        Certificate cert = serverStore().getCertificate("server");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("test-ca", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** The test resource {@code asyncio_peer.py}, copied to a file python3 can run. */
    static Path pythonPeer() throws IOException {
        Path p = Files.createTempFile("asyncio_peer", ".py");
        p.toFile().deleteOnExit();
        try (InputStream in = NetTesting.class.getResourceAsStream("asyncio_peer.py")) {
            Files.write(p, in.readAllBytes());
        }
        return p;
    }
}
