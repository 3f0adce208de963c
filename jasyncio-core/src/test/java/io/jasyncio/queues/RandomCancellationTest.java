package io.jasyncio.queues;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Asyncio;
import io.jasyncio.AsyncRunnable;
import io.jasyncio.Loops;
import io.jasyncio.LoopOptions;
import io.jasyncio.Task;
import io.jasyncio.testing.ScheduleSeeds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Producers and consumers cancelled at random moments, on the virtual clock (so every seed is
 * a fixed interleaving, including cancels that land in the iteration of a wake-up): no item is
 * ever lost or delivered twice, and a put or send that raised inserted nothing. The
 * {@code ...InEverySchedule} tests add schedule exploration ({@link ScheduleSeeds}): the loop's
 * seed also reorders the wake-ups of one iteration; {@code -Djasyncio.schedule.seeds=N} runs
 * more seeds.
 */
class RandomCancellationTest {

    private interface Ends {
        void put(int v);

        int get();

        List<Integer> drain();
    }

    /** Seeds per schedule-exploration test in the default build. */
    private static final int SCHEDULE_SEEDS = 200;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void queueNeverLosesOrDuplicatesItems(int seed) {
        check(seed, Loops.virtual(), RandomCancellationTest::queueEnds);
    }

    @Test
    void queueNeverLosesOrDuplicatesItemsInEverySchedule() {
        ScheduleSeeds.explore(SCHEDULE_SEEDS, seed -> check((int) seed, Loops.virtual().withScheduleSeed(seed),
                RandomCancellationTest::queueEnds));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void channelNeverLosesOrDuplicatesItems(int seed) {
        for (int capacity : new int[] {0, 2}) {
            check(seed, Loops.virtual(), () -> channelEnds(capacity));
        }
    }

    @Test
    void channelNeverLosesOrDuplicatesItemsInEverySchedule() {
        ScheduleSeeds.explore(SCHEDULE_SEEDS, seed -> {
            for (int capacity : new int[] {0, 2}) {
                check((int) seed, Loops.virtual().withScheduleSeed(seed), () -> channelEnds(capacity));
            }
        });
    }

    @Test
    void waitingGettersAreServedInTheOrderTheyCameWhicheverProducerRunsFirst() {
        ScheduleSeeds.explore(SCHEDULE_SEEDS, seed -> Asyncio.run(Loops.virtual().withScheduleSeed(seed), () -> {
            AsyncQueue<Integer> q = new AsyncQueue<>(0);
            List<Integer> got = new ArrayList<>();
            List<Task<Void>> getters = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int slot = i;
                got.add(null);
                getters.add(spawn("getter-" + i, () -> got.set(slot, q.get())));
                Asyncio.sleep(Duration.ofMillis(1));   // each getter waits before the next starts
            }
            // two producers wake on equal deadlines and put in one iteration, in an order the
            // seed picks; four items for six getters
            for (int p = 0; p < 2; p++) {
                int base = p * 10;
                spawn("producer-" + p, () -> {
                    Asyncio.sleep(Duration.ofMillis(1));
                    q.putNowait(base);
                    q.putNowait(base + 1);
                });
            }
            Asyncio.sleep(Duration.ofSeconds(1));
            assertThat(got.subList(0, 4)).as("the first four getters are served").doesNotContainNull()
                    .containsExactlyInAnyOrder(0, 1, 10, 11);
            assertThat(got.subList(4, 6)).as("the last two still wait").containsOnlyNulls();
            for (Task<Void> g : getters) {
                g.cancel("end of test");
            }
            for (Task<Void> g : getters) {
                try {
                    g.await();
                } catch (io.jasyncio.CancelledError expected) {
                    // the two still waiting
                }
            }
            return null;
        }));
    }

    private static Ends queueEnds() {
        AsyncQueue<Integer> q = new AsyncQueue<>(3);
        return new Ends() {
            public void put(int v) {
                q.put(v);
            }

            public int get() {
                return q.get();
            }

            public List<Integer> drain() {
                List<Integer> rest = new ArrayList<>();
                while (!q.isEmpty()) {
                    rest.add(q.getNowait());
                }
                return rest;
            }
        };
    }

    private static Ends channelEnds(int capacity) {
        var ch = MemoryChannel.<Integer>open(capacity);
        return new Ends() {
            public void put(int v) {
                ch.sender().send(v);
            }

            public int get() {
                return ch.receiver().receive();
            }

            public List<Integer> drain() {
                List<Integer> rest = new ArrayList<>();
                for (Integer v = ch.receiver().tryReceive(); v != null; v = ch.receiver().tryReceive()) {
                    rest.add(v);
                }
                return rest;
            }
        };
    }

    private interface EndsFactory {
        Ends open();
    }

    private static void check(int seed, LoopOptions options, EndsFactory factory) {
        List<Integer> delivered = new ArrayList<>();
        List<Integer> accepted = new ArrayList<>();
        Asyncio.run(options, () -> {
            Random rnd = new Random(seed);
            Ends ends = factory.open();
            List<Task<Void>> tasks = new ArrayList<>();
            for (int p = 0; p < 5; p++) {
                int base = p * 1000;
                tasks.add(spawn("producer-" + p, () -> {
                    for (int i = 0; i < 30; i++) {
                        ends.put(base + i);
                        accepted.add(base + i);   // no checkpoint between the put and this line
                        Asyncio.sleep(Duration.ofMillis(rnd.nextInt(3)));
                    }
                }));
            }
            for (int c = 0; c < 5; c++) {
                tasks.add(spawn("consumer-" + c, () -> {
                    while (true) {
                        delivered.add(ends.get());
                        Asyncio.sleep(Duration.ofMillis(rnd.nextInt(3)));
                    }
                }));
            }
            for (int i = 0; i < 40; i++) {
                Asyncio.sleep(Duration.ofMillis(rnd.nextInt(4)));
                tasks.get(rnd.nextInt(tasks.size())).cancel("random");
            }
            for (Task<Void> t : tasks) {
                t.cancel("end of test");
            }
            for (Task<Void> t : tasks) {
                try {
                    t.await();
                } catch (io.jasyncio.CancelledError expected) {
                    // cancelled, as asked
                }
            }
            delivered.addAll(ends.drain());
            return null;
        });
        assertThat(accepted).as("items accepted").isNotEmpty();
        assertThat(delivered).doesNotHaveDuplicates();
        assertThat(delivered).containsExactlyInAnyOrderElementsOf(accepted);
    }

    private static Task<Void> spawn(String name, AsyncRunnable body) {
        return Asyncio.createTask(name, body);
    }
}
