package io.jasyncio.bench.peer;

import io.jasyncio.Asyncio;
import io.jasyncio.streams.Connection;
import io.jasyncio.streams.IncompleteReadException;
import io.jasyncio.streams.LimitOverrunException;
import io.jasyncio.streams.Server;
import io.jasyncio.streams.ServerOptions;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.streams.Streams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The peer harness's network workloads on jasyncio streams, doing what the asyncio peer's
 * {@code echo_handler} and {@code http_handler} do (/work/shared/peers/python/aio_bench.py):
 * a server on 127.0.0.1 with backlog 1024, one task per connection, serving until the process
 * is killed.
 */
public final class NetWorkloads {
    private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\n"
            + "Hello, World!").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};

    private NetWorkloads() {
    }

    /** TCP echo: {@code read(65536)}, then {@code write} + {@code drain}, until EOF. */
    public static void echo(int port) {
        serve(port, c -> {
            StreamReader r = c.reader();
            StreamWriter w = c.writer();
            try {
                while (true) {
                    byte[] data = r.read(65536);
                    if (data.length == 0) {
                        break;
                    }
                    w.write(data);
                    w.drain();
                }
            } catch (IOException e) {
                // the client went away: as the asyncio peer, end quietly
            } finally {
                w.close();
            }
        });
    }

    /** Minimal keep-alive HTTP/1.1: one fixed 78-byte response per request head, no bodies. */
    public static void http(int port) {
        serve(port, c -> {
            StreamReader r = c.reader();
            StreamWriter w = c.writer();
            try {
                while (true) {
                    try {
                        r.readUntil(HEAD_END);
                    } catch (IncompleteReadException | LimitOverrunException e) {
                        break;
                    }
                    w.write(RESPONSE);
                    w.drain();
                }
            } catch (IOException e) {
                // the client went away
            } finally {
                w.close();
            }
        });
    }

    /**
     * Bulk transfer: {@code bytes} through one loopback connection, client and server on one
     * loop (the client {@code send}s 64 KiB chunks, the server {@code read}s and drops them);
     * returns MiB/s.
     */
    public static double bulk(long bytes) {
        return Asyncio.run(() -> {
            long[] received = new long[1];
            Server server = Streams.startServer(c -> {
                byte[] b;
                while ((b = c.reader().read(1 << 20)).length > 0) {
                    received[0] += b.length;
                }
            }, "127.0.0.1", 0);
            try (server) {
                int port = ((java.net.InetSocketAddress) server.addresses().get(0)).getPort();
                byte[] chunk = new byte[64 * 1024];
                long start = System.nanoTime();
                try (Connection c = Streams.openConnection("127.0.0.1", port)) {
                    for (long sent = 0; sent < bytes; sent += chunk.length) {
                        c.writer().send(chunk);
                    }
                    c.writer().writeEof();
                    c.reader().read();                            // the server closes after our EOF
                }
                double secs = (System.nanoTime() - start) / 1e9;
                if (received[0] < bytes) {
                    throw new IllegalStateException("received " + received[0] + " of " + bytes + " bytes");
                }
                return bytes / secs / (1 << 20);
            }
        });
    }

    /** The handler's shape: {@link io.jasyncio.streams.ConnectionHandler} without checked exceptions. */
    private interface Handler {
        void handle(Connection c);
    }

    private static void serve(int port, Handler h) {
        Asyncio.run(() -> {
            Server server = Streams.startServer(h::handle, "127.0.0.1", port,
                    ServerOptions.defaults().withBacklog(1024));
            try (server) {
                server.serveForever();
            }
            return null;
        });
    }

    /**
     * {@code java ... NetWorkloads echo|http PORT}: serves until killed;
     * {@code NetWorkloads bulk [MIB]}: one bulk transfer (1024 MiB by default), prints a RESULT line.
     */
    public static void main(String[] args) {
        switch (args[0]) {
            case "echo" -> echo(Integer.parseInt(args[1]));
            case "http" -> http(Integer.parseInt(args[1]));
            case "bulk" -> {
                long mib = args.length > 1 ? Long.parseLong(args[1]) : 1024;
                bulk(Math.min(mib, 64) << 20);                    // warm-up
                System.out.printf("RESULT workload=bulk peer=project value=%.1f unit=MiB/s bytes=%d%n",
                        bulk(mib << 20), mib << 20);
            }
            default -> throw new IllegalArgumentException("workload must be echo, http or bulk, got " + args[0]);
        }
    }
}
