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

    /** {@code java ... NetWorkloads echo|http PORT}: serves until killed. */
    public static void main(String[] args) {
        int port = Integer.parseInt(args[1]);
        if (args[0].equals("echo")) {
            echo(port);
        } else if (args[0].equals("http")) {
            http(port);
        } else {
            throw new IllegalArgumentException("workload must be echo or http, got " + args[0]);
        }
    }
}
