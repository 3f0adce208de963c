package io.jasyncio.streams;

import static io.jasyncio.streams.NetTesting.port;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.AsyncFuture;
import io.jasyncio.Asyncio;
import io.jasyncio.Loops;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class TlsTest {

    static ServerOptions tlsServer() throws Exception {
        return ServerOptions.defaults().withTls(TlsOptions.server(NetTesting.serverContext()).withAlpn("h2", "http/1.1"));
    }

    static ConnectOptions tlsClient() throws Exception {
        return ConnectOptions.defaults().withTls(TlsOptions.client(NetTesting.clientContext()));
    }

    /** A TLS server echoing lines; its handler reports the SNI name it saw. */
    static Server lineEcho(ServerOptions o, AsyncFuture<String> sni) throws Exception {
        return Streams.startServer(c -> {
            if (sni != null && !sni.isDone()) {
                var names = ((ExtendedSSLSession) c.transport().tlsSession()).getRequestedServerNames();
                sni.setResult(names.isEmpty() ? "" : ((SNIHostName) names.get(0)).getAsciiName());
            }
            for (byte[] line : c.reader().lines()) {
                c.writer().send(line);
            }
        }, "127.0.0.1", 0, o);
    }

    @Test
    void clientAndServerTalkTls13WithSniAndAlpn() throws Exception {
        ServerOptions so = tlsServer();
        ConnectOptions co = ConnectOptions.defaults().withTls(TlsOptions.client(NetTesting.clientContext())
                .withServerName("localhost").withAlpn("http/1.1"));
        List<String> got = Asyncio.run(() -> {
            AsyncFuture<String> sni = Asyncio.runningLoop().createFuture();
            try (Server s = lineEcho(so, sni); Connection c = Streams.openConnection("127.0.0.1", port(s), co)) {
                c.writer().send("secret\n".getBytes(US_ASCII));
                String echoed = new String(c.reader().readLine(), US_ASCII);
                var session = c.transport().tlsSession();
                return List.of(echoed, session.getProtocol(), sni.await());
            }
        });
        assertThat(got.get(0)).isEqualTo("secret\n");
        assertThat(got.get(1)).isEqualTo("TLSv1.3");
        assertThat(got.get(2)).isEqualTo("localhost");
    }

    @Test
    void alpnNegotiatesTheSharedProtocol() throws Exception {
        ServerOptions so = tlsServer();
        ConnectOptions co = ConnectOptions.defaults().withTls(TlsOptions.client(NetTesting.clientContext())
                .withAlpn("h2"));
        String alpn = Asyncio.run(() -> {
            try (Server s = lineEcho(so, null); Connection c = Streams.openConnection("127.0.0.1", port(s), co)) {
                c.writer().send("x\n".getBytes(US_ASCII));
                c.reader().readLine();
                return c.transport().applicationProtocol();
            }
        });
        assertThat(alpn).isEqualTo("h2");
    }

    /** In a task: connects with {@code co} to a TLS echo server and returns what the connect threw. */
    private static Throwable connectFailure(ConnectOptions co) throws Exception {
        ServerOptions so = tlsServer();
        return Asyncio.run(() -> {
            try (Server s = lineEcho(so, null)) {
                Streams.openConnection("127.0.0.1", port(s), co).close();
                return null;
            } catch (java.io.IOException e) {
                return e;
            }
        });
    }

    @Test
    void aWrongHostNameFailsVerification() throws Exception {
        Throwable e = connectFailure(ConnectOptions.defaults().withTls(TlsOptions.client(NetTesting.clientContext())
                .withServerName("wrong.example")));
        assertThat(e).isInstanceOf(SSLHandshakeException.class).hasMessageContaining("wrong.example");
    }

    @Test
    void anUntrustedCertificateFailsTheHandshake() throws Exception {
        Throwable e = connectFailure(ConnectOptions.defaults().withTls(TlsOptions.client()));
        assertThat(e).isInstanceOf(SSLHandshakeException.class).hasMessageContaining("certification path");
    }

    @Test
    void startTlsUpgradesAnOpenConnection() throws Exception {
        TlsOptions server = TlsOptions.server(NetTesting.serverContext());
        TlsOptions client = TlsOptions.client(NetTesting.clientContext());
        String got = Asyncio.run(() -> {
            try (Server s = Streams.startServer(c -> {
                c.reader().readLine();                       // "STARTTLS\n"
                c.writer().send("GO\n".getBytes(US_ASCII));
                c.startTls(server, null);
                byte[] line = c.reader().readLine();
                c.writer().send(("tls:" + new String(line, US_ASCII)).getBytes(US_ASCII));
            }, "127.0.0.1", 0);
                 Connection c = Streams.openConnection("127.0.0.1", port(s))) {
                c.writer().send("STARTTLS\n".getBytes(US_ASCII));
                c.reader().readLine();
                c.startTls(client, "localhost");
                c.writer().send("hi\n".getBytes(US_ASCII));
                return new String(c.reader().readLine(), US_ASCII) + c.transport().tlsSession().getProtocol();
            }
        });
        assertThat(got).isEqualTo("tls:hi\nTLSv1.3");
    }

    @Test
    void aHandshakeThePeerNeverAnswersTimesOut() throws Exception {
        ConnectOptions co = ConnectOptions.defaults().withTls(TlsOptions.client(NetTesting.clientContext())
                .withHandshakeTimeout(Duration.ofSeconds(20)));
        String msg = Loops.runVirtual(() -> {
            try (Server silent = Streams.startServer(c -> c.reader().read(), "127.0.0.1", 0)) {
                try {
                    Streams.openConnection("127.0.0.1", port(silent), co).close();
                    return "connected";
                } catch (SSLException e) {
                    return e.getMessage();
                } finally {
                    silent.abortClients();
                }
            }
        });
        assertThat(msg).contains("did not finish within PT20S");
    }

    @Test
    void opensslClientTalksToTheServer() throws Exception {
        NetTesting.require("openssl");
        String cert = NetTesting.certs().resolve("cert.pem").toString();
        ServerOptions so = tlsServer();
        String got = Asyncio.run(() -> {
            try (Server s = lineEcho(so, null)) {
                int port = port(s);
                return Asyncio.toThread(() -> {
                    Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                            "-servername", "localhost", "-CAfile", cert, "-verify_return_error", "-quiet")
                            .redirectErrorStream(true).start();
                    try (OutputStream in = p.getOutputStream();
                         BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                        in.write("hello from openssl\n".getBytes(US_ASCII));
                        in.flush();
                        String line;
                        while ((line = out.readLine()) != null) {
                            if (line.contains("hello from openssl")) {
                                return line;
                            }
                        }
                        return "no echo";
                    } finally {
                        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    }
                });
            }
        });
        assertThat(got).isEqualTo("hello from openssl");
    }

    @Test
    void clientTalksToOpensslServer() throws Exception {
        NetTesting.require("openssl");
        var dir = NetTesting.certs();
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Process p = new ProcessBuilder("openssl", "s_server", "-accept", "127.0.0.1:" + port, "-cert",
                dir.resolve("cert.pem").toString(), "-key", dir.resolve("key.pem").toString(), "-rev", "-quiet")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            ConnectOptions co = tlsClient();
            String got = Asyncio.run(() -> {
                for (int attempt = 0; ; attempt++) {
                    Connection c;
                    try {
                        c = Streams.openConnection("127.0.0.1", port, co);
                    } catch (java.net.ConnectException e) {
                        if (attempt == 100) {
                            throw e;
                        }
                        Asyncio.sleep(Duration.ofMillis(50));   // s_server is still starting
                        continue;
                    }
                    try (c) {
                        c.writer().send("hello\n".getBytes(US_ASCII));
                        return new String(c.reader().readLine(), US_ASCII).strip();
                    }
                }
            });
            assertThat(got).isEqualTo("olleh");
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
