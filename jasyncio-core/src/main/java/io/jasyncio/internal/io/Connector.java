package io.jasyncio.internal.io;

import io.jasyncio.CancelledError;
import io.jasyncio.TimerHandle;
import io.jasyncio.internal.loop.IoReady;
import io.jasyncio.internal.task.RealTask;
import io.jasyncio.internal.task.Wait;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens a connected {@link SocketChannel} for a task: resolves the host off the loop, then
 * connects to its addresses one after the other, or staggered in parallel (Happy Eyeballs,
 * RFC 8305: families interleaved, a new attempt every delay or as soon as one fails, the first
 * to connect wins and the others are closed).
 *
 * <p><b>Cancellation.</b> The waiting task being cancelled closes every attempt's socket
 * before the cancellation is thrown, so a cancelled connect leaves no descriptor behind.
 * Loop-confined.
 */
final class Connector implements Wait {
    private final RealTask<?> task;
    private final ArrayDeque<SocketAddress> pending;
    private final long delayNanos;
    private final List<Attempt> active = new ArrayList<>();
    private final List<IOException> errors = new ArrayList<>();
    private SocketChannel winner;
    private TimerHandle staggerTimer;
    private boolean waiting;

    private Connector(RealTask<?> task, List<SocketAddress> addresses, Duration happyEyeballsDelay) {
        this.task = task;
        this.pending = new ArrayDeque<>(addresses);
        this.delayNanos = happyEyeballsDelay == null ? -1 : happyEyeballsDelay.toNanos();
    }

    /**
     * In {@code task}: resolves {@code host} (off the loop unless it is an IP literal).
     *
     * @throws java.net.UnknownHostException if it has no address
     */
    static List<InetAddress> resolve(RealTask<?> task, String host) throws IOException {
        try {
            return List.of(InetAddress.ofLiteral(host));
        } catch (IllegalArgumentException notLiteral) {
            // the JDK's resolver blocks
            InetAddress[] all = BlockingIo.call(() -> InetAddress.getAllByName(host));
            return List.of(all);
        }
    }

    /** In {@code task}: connects to {@code host:port}; see the class comment. */
    static SocketChannel connect(RealTask<?> task, String host, int port, Duration happyEyeballsDelay)
            throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        List<InetAddress> addrs = resolve(task, host);
        List<SocketAddress> ordered = new ArrayList<>();
        for (InetAddress a : happyEyeballsDelay != null ? interleaveFamilies(addrs) : addrs) {
            ordered.add(new InetSocketAddress(a, port));
        }
        return new Connector(task, ordered, happyEyeballsDelay).run();
    }

    /** In {@code task}: connects to a Unix domain socket. */
    static SocketChannel connectUnix(RealTask<?> task, UnixDomainSocketAddress address) throws IOException {
        return new Connector(task, List.of(address), null).run();
    }

    /** RFC 8305 section 4: alternate the address families, starting with the first one's. */
    private static List<InetAddress> interleaveFamilies(List<InetAddress> addrs) {
        ArrayDeque<InetAddress> v6 = new ArrayDeque<>();
        ArrayDeque<InetAddress> v4 = new ArrayDeque<>();
        for (InetAddress a : addrs) {
            (a instanceof Inet6Address ? v6 : v4).add(a);
        }
        boolean six = !addrs.isEmpty() && addrs.get(0) instanceof Inet6Address;
        List<InetAddress> out = new ArrayList<>(addrs.size());
        while (!v6.isEmpty() || !v4.isEmpty()) {
            ArrayDeque<InetAddress> q = six ? v6 : v4;
            if (!q.isEmpty()) {
                out.add(q.poll());
            }
            six = !six;
        }
        return out;
    }

    private SocketChannel run() throws IOException {
        task.checkCancel();
        boolean returning = false;
        try {
            startNext();
            while (winner == null && (!active.isEmpty() || !pending.isEmpty())) {
                waiting = true;
                try {
                    task.suspendOn(this);
                } finally {
                    waiting = false;
                }
                task.checkCancel();
            }
            returning = true;
        } finally {
            if (staggerTimer != null) {
                staggerTimer.cancel();
            }
            for (Attempt a : active) {
                a.close();
            }
            active.clear();
            if (!returning && winner != null) {
                // connected, then cancelled before the task resumed (CancellationLeavesNoSocketTest)
                closeQuietly(winner);
            }
        }
        if (winner != null) {
            return winner;
        }
        ConnectException e = new ConnectException("could not connect to any address: " + errors);
        for (IOException x : errors) {
            e.addSuppressed(x);
        }
        throw e;
    }

    /** Starts the next address's attempt, and arms the stagger timer for the one after. */
    private void startNext() {
        while (!pending.isEmpty()) {
            SocketAddress addr = pending.poll();
            try {
                Attempt a = new Attempt(addr);
                if (a.channel.connect(addr)) {
                    win(a);
                    return;
                }
                a.key = a.channel.register(task.realLoop().selector(), SelectionKey.OP_CONNECT, a);
                active.add(a);
                if (delayNanos >= 0 && !pending.isEmpty()) {
                    staggerTimer = task.realLoop().callLater(Duration.ofNanos(delayNanos), this::staggerDue);
                }
                return;
            } catch (IOException e) {
                errors.add(new ConnectException(addr + ": " + e.getMessage()));
            }
        }
        wakeTask();
    }

    private void staggerDue() {
        staggerTimer = null;
        if (winner == null) {
            startNext();
        }
    }

    private void finished(Attempt a) {
        try {
            if (a.channel.finishConnect()) {
                active.remove(a);
                a.key.interestOps(0);
                win(a);
            }
        } catch (IOException e) {
            active.remove(a);
            a.close();
            errors.add(new ConnectException(a.address + ": " + e.getMessage()));
            if (staggerTimer != null) {
                // RFC 8305 section 5: a failure starts the next attempt at once
                staggerTimer.cancel();
                staggerTimer = null;
            }
            if (active.isEmpty() || delayNanos >= 0) {
                startNext();
            }
            if (active.isEmpty() && pending.isEmpty()) {
                wakeTask();
            }
        }
    }

    private void win(Attempt a) {
        winner = a.channel;
        wakeTask();
    }

    private void wakeTask() {
        if (waiting) {
            task.wake();
        }
    }

    @Override
    public void cancelWait(RealTask<?> waiter, String message) {
        waiter.wake();
    }

    @Override
    public String toString() {
        return "connect(" + active.size() + " attempts, " + pending.size() + " addresses left)";
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // abandoning the socket: nothing to do with the error
        }
    }

    /** One address being connected to. */
    private final class Attempt implements IoReady {
        final SocketAddress address;
        final SocketChannel channel;
        SelectionKey key;

        Attempt(SocketAddress address) throws IOException {
            this.address = address;
            this.channel = address instanceof UnixDomainSocketAddress ? SocketChannel.open(StandardProtocolFamily.UNIX)
                    : SocketChannel.open(((InetSocketAddress) address).getAddress() instanceof Inet6Address
                            ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            try {
                channel.configureBlocking(false);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        }

        @Override
        public void ioReady(int readyOps) {
            finished(this);
        }

        void close() {
            closeQuietly(channel);
        }
    }
}
