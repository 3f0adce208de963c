package io.jasyncio.queues;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Asyncio;
import io.jasyncio.AsyncRunnable;
import io.jasyncio.Loops;
import io.jasyncio.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Producers and consumers cancelled at random moments, on the virtual clock (so every seed is
 * a fixed interleaving, including cancels that land in the iteration of a wake-up): no item is
 * ever lost or delivered twice, and a put or send that raised inserted nothing.
 */
class RandomCancellationTest {

    private interface Ends {
        void put(int v);

        int get();

        List<Integer> drain();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void queueNeverLosesOrDuplicatesItems(int seed) {
        check(seed, () -> {
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
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void channelNeverLosesOrDuplicatesItems(int seed) {
        for (int capacity : new int[] {0, 2}) {
            check(seed, () -> {
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
            });
        }
    }

    private interface EndsFactory {
        Ends open();
    }

    private static void check(int seed, EndsFactory factory) {
        List<Integer> delivered = new ArrayList<>();
        List<Integer> accepted = new ArrayList<>();
        Loops.runVirtual(() -> {
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
        assertThat(accepted).as("items accepted").hasSizeGreaterThan(20);
        assertThat(delivered).doesNotHaveDuplicates();
        assertThat(delivered).containsExactlyInAnyOrderElementsOf(accepted);
    }

    private static Task<Void> spawn(String name, AsyncRunnable body) {
        return Asyncio.createTask(name, body);
    }
}
