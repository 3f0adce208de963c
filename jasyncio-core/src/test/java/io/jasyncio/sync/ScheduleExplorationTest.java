package io.jasyncio.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.AsyncCallable;
import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Loops;
import io.jasyncio.Task;
import io.jasyncio.testing.ScheduleSeeds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The locks, semaphores, capacity limiters, conditions, events and barriers under schedule
 * exploration: each scenario runs once per
 * schedule seed ({@link ScheduleSeeds}; {@code -Djasyncio.schedule.seeds=N} for a longer run),
 * with cancellations at moments the seed also picks, and its invariants must hold in every
 * order the loop may run independent wake-ups in. The scenario runs inside a one-hour timeout
 * of virtual time, so a lost wake-up fails as a timeout instead of hanging the build.
 */
class ScheduleExplorationTest {
    /** Seeds per scenario in the default build; the whole class stays within a few seconds. */
    private static final int SEEDS = 300;

    private static <T> T run(long seed, AsyncCallable<T> scenario) {
        return Asyncio.run(Loops.virtual().withScheduleSeed(seed),
                () -> Asyncio.timeout(Duration.ofHours(1), () -> scenario.call()));
    }

    /** A lock or a semaphore: how the scenario takes and gives back a permit, and checks they all came back. */
    private interface Permit {
        void acquire();

        void release();

        boolean allBack();
    }

    /** Six workers take turns; the seed cancels some of them at random moments. */
    private static void exclusion(long seed, int permits, Permit permit) {
        run(seed, () -> {
            Random rnd = new Random(seed);
            int[] inside = {0};
            int[] most = {0};
            List<Task<Void>> workers = new ArrayList<>();
            for (int w = 0; w < 6; w++) {
                workers.add(Asyncio.createTask("worker-" + w, () -> {
                    for (int round = 0; round < 4; round++) {
                        permit.acquire();
                        try {
                            inside[0]++;
                            most[0] = Math.max(most[0], inside[0]);
                            try {
                                pause(rnd);
                            } finally {
                                inside[0]--;
                            }
                        } finally {
                            permit.release();
                        }
                        pause(rnd);
                    }
                    return null;
                }));
            }
            for (int i = 0; i < 4; i++) {
                pause(rnd);
                workers.get(rnd.nextInt(workers.size())).cancel("random");
            }
            awaitAll(workers);
            assertThat(most[0]).as("holders at once").isBetween(1, permits);
            assertThat(permit.allBack()).as("every permit came back").isTrue();
            return null;
        });
    }

    /** A yield, a 0 ms sleep or a 1 ms sleep: moments that land in and across iterations. */
    private static void pause(Random rnd) {
        switch (rnd.nextInt(3)) {
            case 0 -> Asyncio.yieldNow();
            case 1 -> Asyncio.sleep(Duration.ZERO);
            default -> Asyncio.sleep(Duration.ofMillis(1));
        }
    }

    private static void awaitAll(List<? extends Task<?>> tasks) {
        for (Task<?> t : tasks) {
            try {
                t.await();
            } catch (CancelledError e) {
                if (!t.isCancelled()) {
                    throw e;   // the scenario's own timeout: let it end the run
                }
            }
        }
    }

    @Test
    void aLockAdmitsOneHolderAndIsFreeAfterRandomCancellationsInEverySchedule() {
        ScheduleSeeds.explore(SEEDS, seed -> {
            AsyncLock lock = new AsyncLock();
            exclusion(seed, 1, new Permit() {
                public void acquire() {
                    lock.acquire();
                }

                public void release() {
                    lock.release();
                }

                public boolean allBack() {
                    return !lock.isLocked() && lock.waiting() == 0;
                }
            });
        });
    }

    @Test
    void aSemaphoreAdmitsAtMostItsPermitsAndGetsThemAllBackInEverySchedule() {
        ScheduleSeeds.explore(SEEDS, seed -> {
            AsyncSemaphore sem = new AsyncSemaphore(2);
            exclusion(seed, 2, new Permit() {
                public void acquire() {
                    sem.acquire();
                }

                public void release() {
                    sem.release();
                }

                public boolean allBack() {
                    return sem.value() == 2 && sem.waiting() == 0;
                }
            });
        });
    }

    @Test
    void aCapacityLimiterLendsAtMostItsTokensAndGetsThemAllBackInEverySchedule() {
        ScheduleSeeds.explore(SEEDS, seed -> {
            CapacityLimiter limiter = new CapacityLimiter(3);
            exclusion(seed, 3, new Permit() {
                public void acquire() {
                    limiter.acquire();
                }

                public void release() {
                    limiter.release();
                }

                public boolean allBack() {
                    return limiter.borrowedTokens() == 0 && limiter.statistics().tasksWaiting() == 0;
                }
            });
        });
    }

    @Test
    void everyEventWaiterThatIsNotCancelledWakesInEverySchedule() {
        ScheduleSeeds.explore(SEEDS, seed -> run(seed, () -> {
            Random rnd = new Random(seed);
            Event event = new Event();
            List<Task<Void>> waiters = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                waiters.add(Asyncio.createTask("waiter-" + i, () -> {
                    pause(rnd);
                    event.await();
                    return null;
                }));
            }
            // a set, a clear and a final set, racing the waiters' arrivals, a second setter and
            // a cancellation
            Task<Void> setter = Asyncio.createTask("setter", () -> {
                pause(rnd);
                event.set();
                pause(rnd);
                event.clear();
                pause(rnd);
                event.set();
                return null;
            });
            Task<Void> again = Asyncio.createTask("other-setter", () -> {
                pause(rnd);
                pause(rnd);
                event.set();
                return null;
            });
            pause(rnd);
            waiters.get(rnd.nextInt(waiters.size())).cancel("random");
            setter.await();
            again.await();
            awaitAll(waiters);
            assertThat(waiters).as("each waiter woke or was cancelled; none still waits").allMatch(Task::isDone);
            return null;
        }));
    }

    @Test
    void aBarrierReleasesEachRoundOnlyWhenEveryPartyArrivedInEverySchedule() {
        ScheduleSeeds.explore(SEEDS, seed -> run(seed, () -> {
            Random rnd = new Random(seed);
            Barrier barrier = new Barrier(3);
            int rounds = 4;
            int[] arrived = new int[rounds];
            List<List<Integer>> indices = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                indices.add(new ArrayList<>());
            }
            List<Task<Void>> parties = new ArrayList<>();
            for (int p = 0; p < 3; p++) {
                parties.add(Asyncio.createTask("party-" + p, () -> {
                    for (int r = 0; r < rounds; r++) {
                        pause(rnd);
                        arrived[r]++;
                        int index = barrier.await();
                        assertThat(arrived[r]).as("round %d passed only once all arrived", r).isEqualTo(3);
                        indices.get(r).add(index);
                    }
                    return null;
                }));
            }
            awaitAll(parties);
            for (List<Integer> round : indices) {
                assertThat(round).containsExactlyInAnyOrder(0, 1, 2);
            }
            return null;
        }));
    }

    @Test
    void lockWaitersAcquireInTheOrderTheyCameWhicheverWakeUpRunsFirst() {
        ScheduleSeeds.explore(SEEDS, seed -> run(seed, () -> {
            Random rnd = new Random(seed);
            AsyncLock lock = new AsyncLock();
            List<Integer> acquired = new ArrayList<>();
            var first = lock.acquire();
            List<Task<Void>> waiters = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int id = i;
                waiters.add(Asyncio.createTask("waiter-" + i, () -> {
                    try (var held = lock.acquire()) {
                        acquired.add(id);
                        pause(rnd);
                    }
                    return null;
                }));
                // each waiter queues before the next starts
                Asyncio.sleep(Duration.ofMillis(1));
            }
            // a release and cancellations of some waiters land in the same iteration
            Task<Void> canceller = Asyncio.createTask("canceller", () -> {
                for (int k = 0; k < 2; k++) {
                    waiters.get(rnd.nextInt(waiters.size())).cancel("random");
                    pause(rnd);
                }
                return null;
            });
            first.close();
            awaitAll(waiters);
            canceller.await();
            List<Integer> notCancelled = new ArrayList<>();
            for (int i = 0; i < waiters.size(); i++) {
                if (!waiters.get(i).isCancelled()) {
                    notCancelled.add(i);
                }
            }
            assertThat(acquired).as("FIFO among those that were not cancelled").isSorted()
                    .containsAll(notCancelled);
            assertThat(lock.isLocked()).isFalse();
            return null;
        }));
    }

    @Test
    void aConditionLosesNoSignalWhenWokenConsumersAreCancelledInEverySchedule() {
        ScheduleSeeds.explore(SEEDS, seed -> run(seed, () -> {
            Random rnd = new Random(seed);
            AsyncCondition cond = new AsyncCondition();
            List<Integer> jobs = new ArrayList<>();
            List<Integer> done = new ArrayList<>();
            List<Task<Void>> consumers = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                consumers.add(Asyncio.createTask("consumer-" + c, () -> {
                    while (true) {
                        try (var held = cond.acquire()) {
                            cond.awaitFor(() -> !jobs.isEmpty());
                            done.add(jobs.removeFirst());
                        }
                        pause(rnd);
                    }
                }));
            }
            Task<Void> producer = Asyncio.createTask("producer", () -> {
                for (int j = 0; j < 20; j++) {
                    try (var held = cond.acquire()) {
                        jobs.add(j);
                        cond.signal();
                    }
                    pause(rnd);
                }
                return null;
            });
            // cancel one of the first two consumers and one of the last two, possibly right
            // when they are signalled; two survive to take every job
            for (int k = 0; k < 2; k++) {
                pause(rnd);
                consumers.get(2 * k + rnd.nextInt(2)).cancel("random");
            }
            producer.await();
            Asyncio.sleep(Duration.ofSeconds(1));
            assertThat(done).as("every job taken once, by the consumers still running").hasSize(20)
                    .doesNotHaveDuplicates();
            for (Task<Void> c : consumers) {
                c.cancel("end of test");
            }
            awaitAll(consumers);
            return null;
        }));
    }
}
