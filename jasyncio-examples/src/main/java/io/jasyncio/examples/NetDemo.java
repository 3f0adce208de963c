package io.jasyncio.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.jasyncio.AsyncFuture;
import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.streams.Connection;
import io.jasyncio.streams.Server;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.streams.Streams;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A chat server and a fleet of clients on loopback, in one program and on one loop: every line a
 * client sends goes to every other client. When the fleet is done (or on Ctrl-C) the server
 * shuts down gracefully: it stops accepting, closes every connection after its queued lines
 * are sent, waits for the last one, and says how many it served.
 */
public final class NetDemo {
    private static final int CLIENTS = 20;
    /** A client whose unsent backlog passes this is too slow to chat with: it is dropped. */
    private static final int SLOW_CLIENT_BYTES = 256 * 1024;

    private NetDemo() {
    }

    public static void main(String[] args) {
        run();
    }

    /** Runs the demo; a couple of seconds at most. */
    static void run() {
        CountDownLatch finished = new CountDownLatch(1);
        EventLoop[] loop = new EventLoop[1];
        AsyncFuture<?>[] stop = new AsyncFuture<?>[1];
        Thread hook = new Thread(() -> {
            // Ctrl-C: ask the loop to shut the server down, and give it a moment to do so
            if (loop[0] != null && loop[0].isRunning()) {
                loop[0].callSoonThreadsafe(() -> stop[0].cancel("Ctrl-C"));
                try {
                    finished.await(2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Asyncio.run(() -> {
                loop[0] = Asyncio.runningLoop();
                stop[0] = loop[0].createFuture();
                chat(stop[0]);
                return null;
            });
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting (Ctrl-C): the hook is running
            }
        }
    }

    private static void chat(AsyncFuture<?> stop) throws Exception {
        Set<StreamWriter> members = new LinkedHashSet<>();
        int[] served = new int[1];
        Server server = Streams.startServer(c -> {
            served[0]++;
            members.add(c.writer());
            try {
                for (byte[] line : c.reader().lines()) {
                    broadcast(members, c.writer(), line);
                }
            } finally {
                members.remove(c.writer());
            }
        }, "127.0.0.1", 0);
        int port = ((InetSocketAddress) server.addresses().get(0)).getPort();
        say("chat server on " + server.addresses().get(0) + "; " + CLIENTS + " clients join");

        List<Task<Integer>> fleet = new ArrayList<>();
        AsyncFuture<Void> allJoined = Asyncio.runningLoop().createFuture();
        int[] joined = new int[1];
        for (int i = 0; i < CLIENTS; i++) {
            String name = "client-" + i;
            fleet.add(Asyncio.createTask(name, () -> {
                try (Connection c = Streams.openConnection("127.0.0.1", port)) {
                    if (++joined[0] == CLIENTS) {
                        allJoined.setResult(null);
                    }
                    allJoined.await();
                    c.writer().send((name + " says hello\n").getBytes(UTF_8));
                    int heard = 0;
                    while (heard < CLIENTS - 1) {        // one line from every other client
                        if (c.reader().readLine().length == 0) {
                            break;
                        }
                        heard++;
                    }
                    return heard;
                }
            }));
        }
        Task<Void> watcher = Asyncio.createTask("fleet", () -> {
            int heard = 0;
            for (Task<Integer> t : fleet) {
                heard += t.await();
            }
            say("every client heard the " + (CLIENTS - 1) + " others: " + heard + " lines delivered");
            stop.cancel("fleet done");
        });
        try {
            stop.await();
        } catch (io.jasyncio.CancelledError e) {
            say("shutting down (" + e.getMessage() + ")");
        }
        watcher.cancel();
        server.close();          // no new connections
        server.closeClients();   // each connection flushes, then closes
        server.waitClosed();     // every handler has ended
        say("server closed; it served " + served[0] + " connections");
    }

    /** Sends {@code line} to every member but its author, dropping members that stopped reading. */
    private static void broadcast(Set<StreamWriter> members, StreamWriter from, byte[] line) {
        for (StreamWriter w : members.toArray(new StreamWriter[0])) {
            if (w == from) {
                continue;
            }
            if (w.transport().writeBufferSize() > SLOW_CLIENT_BYTES) {
                w.transport().abort();
                members.remove(w);
            } else {
                w.write(line);
            }
        }
    }

    private static void say(String what) {
        System.out.println("[net] " + what);
    }
}
