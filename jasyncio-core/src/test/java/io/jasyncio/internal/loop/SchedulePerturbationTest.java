package io.jasyncio.internal.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.LoopOptions;
import io.jasyncio.Loops;
import io.jasyncio.Task;
import io.jasyncio.streams.Connection;
import io.jasyncio.streams.Server;
import io.jasyncio.streams.Streams;
import io.jasyncio.sync.Event;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Schedule exploration ({@code LoopOptions.withScheduleSeed}): the orders it may change change
 * with the seed, the orders the semantics promise never do, and a seed replays its run.
 */
class SchedulePerturbationTest {
    private static final int SEEDS = 60;

    /** Runs {@code scenario} (in the main task) on a virtual clock with {@code seed}, null for none. */
    private static List<String> trace(Long seed, Consumer<List<String>> scenario) {
        LoopOptions o = Loops.virtual().withoutScheduleSeed();
        List<String> out = new ArrayList<>();
        Asyncio.run(seed == null ? o : o.withScheduleSeed(seed), () -> {
            scenario.accept(out);
            Asyncio.sleep(Duration.ofMillis(10));
            return null;
        });
        return out;
    }

    /** Three callbacks, each a source of its own, that each schedule one tagged callback. */
    private static void threeSources(List<String> out) {
        EventLoop loop = Asyncio.runningLoop();
        for (String tag : List.of("a", "b", "c")) {
            loop.callSoon(() -> loop.callSoon(() -> out.add(tag)));
        }
    }

    private static Set<List<String>> ordersOverSeeds(Consumer<List<String>> scenario) {
        Set<List<String>> orders = new HashSet<>();
        for (long seed = 1; seed <= SEEDS; seed++) {
            orders.add(trace(seed, scenario));
        }
        return orders;
    }

    @Test
    void callbacksFromDifferentSourcesRunInAnOrderTheSeedPicks() {
        assertThat(trace(null, SchedulePerturbationTest::threeSources)).containsExactly("a", "b", "c");
        Set<List<String>> orders = ordersOverSeeds(SchedulePerturbationTest::threeSources);
        assertThat(orders).as("all six orders of three independent sources").hasSize(6);
    }

    @Test
    void theSameSeedReplaysTheSameRun() {
        Consumer<List<String>> busy = out -> {
            EventLoop loop = Asyncio.runningLoop();
            for (int i = 0; i < 8; i++) {
                String tag = "t" + i;
                loop.callSoon(() -> loop.callSoon(() -> out.add(tag)));
                loop.callLater(Duration.ofMillis(1), () -> out.add("timer-" + tag));
                Asyncio.createTask(tag, () -> {
                    Asyncio.yieldNow();
                    out.add("task-" + tag);
                    return null;
                });
            }
        };
        for (long seed = 1; seed <= 10; seed++) {
            assertThat(trace(seed, busy)).as("seed %d", seed).isEqualTo(trace(seed, busy));
        }
    }

    @Test
    void whatOneSourceScheduledKeepsItsOrderAndNothingMovesToAnotherIteration() {
        Consumer<List<String>> scenario = out -> {
            EventLoop loop = Asyncio.runningLoop();
            for (String src : List.of("a", "b", "c")) {
                loop.callSoon(() -> {
                    for (int i = 1; i <= 3; i++) {
                        String tag = src + i;
                        // each callback schedules a follower: it must run in the next iteration,
                        // after every callback of this one
                        loop.callSoon(() -> {
                            out.add(tag);
                            loop.callSoon(() -> out.add("next-" + tag));
                        });
                    }
                });
            }
        };
        for (long seed = 1; seed <= SEEDS; seed++) {
            List<String> t = trace(seed, scenario);
            for (String src : List.of("a", "b", "c")) {
                assertThat(t.stream().filter(s -> s.startsWith(src)).toList()).as("seed %d", seed)
                        .containsExactly(src + 1, src + 2, src + 3);
            }
            assertThat(t.subList(0, 9)).as("seed %d: one iteration, then the next", seed)
                    .noneMatch(s -> s.startsWith("next-"));
        }
    }

    @Test
    void timersWithEqualDeadlinesFireInAnOrderTheSeedPicksAndEarlierDeadlinesFirst() {
        Consumer<List<String>> scenario = out -> {
            Asyncio.sleep(Duration.ofSeconds(1));
            EventLoop loop = Asyncio.runningLoop();
            long now = loop.time();
            // all due at once: the later deadline stays behind both earlier ones
            loop.callAt(now - 1, () -> out.add("late"));
            loop.callAt(now - 2, () -> out.add("x"));
            loop.callAt(now - 2, () -> out.add("y"));
        };
        assertThat(trace(null, scenario)).containsExactly("x", "y", "late");
        Set<List<String>> orders = ordersOverSeeds(scenario);
        assertThat(orders).containsExactlyInAnyOrder(List.of("x", "y", "late"), List.of("y", "x", "late"));
    }

    @Test
    void waitersWokenByDifferentTasksInOneIterationResumeInAnOrderTheSeedPicks() {
        Consumer<List<String>> scenario = out -> {
            List<Task<?>> tasks = new ArrayList<>();
            for (String name : List.of("first", "second")) {
                Event e = new Event();
                tasks.add(Asyncio.createTask("waiter-" + name, () -> {
                    e.await();
                    out.add(name);
                    return null;
                }));
                tasks.add(Asyncio.createTask("setter-" + name, () -> {
                    Asyncio.yieldNow();
                    e.set();
                    return null;
                }));
            }
            for (Task<?> t : tasks) {
                t.await();
            }
        };
        assertThat(trace(null, scenario)).containsExactly("first", "second");
        assertThat(ordersOverSeeds(scenario))
                .containsExactlyInAnyOrder(List.of("first", "second"), List.of("second", "first"));
    }

    @Test
    void severalConnectionsReadyTogetherAreServedUnderEverySeed() {
        for (long seed = 1; seed <= 5; seed++) {
            List<String> replies = Asyncio.run(Loops.virtual().withScheduleSeed(seed), () -> {
                try (Server server = Streams.startServer(c -> {
                    for (byte[] line : c.reader().lines()) {
                        c.writer().send(line);
                    }
                }, "127.0.0.1", 0)) {
                    int port = ((InetSocketAddress) server.addresses().get(0)).getPort();
                    List<Task<String>> clients = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                        String line = "client " + i + "\n";
                        clients.add(Asyncio.createTask(() -> {
                            try (Connection c = Streams.openConnection("127.0.0.1", port)) {
                                c.writer().send(line.getBytes(StandardCharsets.US_ASCII));
                                return new String(c.reader().readLine(), StandardCharsets.US_ASCII);
                            }
                        }));
                    }
                    List<String> got = new ArrayList<>();
                    for (Task<String> t : clients) {
                        got.add(t.await());
                    }
                    return got;
                }
            });
            assertThat(replies).as("seed %d", seed)
                    .containsExactly("client 0\n", "client 1\n", "client 2\n", "client 3\n");
        }
    }

    @Test
    void theLoopNamesItsSeed() {
        EventLoop loop = Asyncio.newEventLoop(Loops.virtual().withScheduleSeed(42));
        try {
            assertThat(loop.toString()).contains("scheduleSeed=42");
        } finally {
            loop.close();
        }
        EventLoop plain = Asyncio.newEventLoop(Loops.virtual().withoutScheduleSeed());
        try {
            assertThat(plain.toString()).doesNotContain("scheduleSeed");
        } finally {
            plain.close();
        }
    }
}
