package io.jasyncio.streams;

import static io.jasyncio.streams.NetTesting.port;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Asyncio;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Talks to CPython's asyncio (test resource asyncio_peer.py) both ways. */
class StreamsInteropTest {

    /** Runs the python peer to completion and returns its last output line. */
    static String python(Path script, String... args) throws Exception {
        String[] cmd = new String[args.length + 2];
        cmd[0] = "python3";
        cmd[1] = script.toString();
        System.arraycopy(args, 0, cmd, 2, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), US_ASCII).strip();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("python peer failed: " + out);
        }
        String[] lines = out.split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void asyncioClientTalksToOurServer() throws Exception {
        NetTesting.require("python3");
        Path script = NetTesting.pythonPeer();
        AtomicInteger served = new AtomicInteger();
        String out = Asyncio.run(() -> {
            try (Server s = Streams.startServer(c -> {
                for (byte[] line : c.reader().lines()) {
                    c.writer().send(line);
                }
                c.writer().send("bye\n".getBytes(US_ASCII));   // after the client's write_eof
                served.incrementAndGet();
            }, "127.0.0.1", 0)) {
                int port = port(s);
                return Asyncio.toThread(() -> python(script, "client", String.valueOf(port), "200"));
            }
        });
        assertThat(out).isEqualTo("OK 200 rest=4");
        assertThat(served).hasValue(1);
    }

    @Test
    void ourClientTalksToAnAsyncioServer() throws Exception {
        NetTesting.require("python3");
        Path script = NetTesting.pythonPeer();
        Process p = new ProcessBuilder("python3", script.toString(), "server").start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), US_ASCII));
            String first = out.readLine();
            assertThat(first).startsWith("PORT ");
            int port = Integer.parseInt(first.substring(5).strip());
            int lines = Asyncio.run(() -> {
                try (Connection c = Streams.openConnection("127.0.0.1", port)) {
                    int n = 0;
                    for (int i = 0; i < 200; i++) {
                        byte[] msg = ("line " + i + " from jasyncio\n").getBytes(US_ASCII);
                        c.writer().send(msg);
                        if (new String(c.reader().readLine(), US_ASCII).equals(new String(msg, US_ASCII))) {
                            n++;
                        }
                    }
                    c.writer().writeEof();
                    assertThat(c.reader().read()).isEmpty();   // the server closes after our EOF
                    return n;
                }
            });
            assertThat(lines).isEqualTo(200);
        } finally {
            p.getOutputStream().close();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
