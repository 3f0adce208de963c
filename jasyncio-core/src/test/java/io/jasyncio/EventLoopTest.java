package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The event loop's mechanics: ordering, cross-thread scheduling, running and stopping, virtual time. */
class EventLoopTest {

    @Nested
    class Ordering {

        @Test
        void readyCallbacksRunInTheOrderTheyWereScheduled() {
            try (EventLoop loop = Asyncio.newEventLoop(Loops.virtual())) {
                List<String> log = new ArrayList<>();
                for (String s : List.of("a", "b", "c", "d", "e")) {
                    loop.callSoon(() -> log.add(s));
                }
                loop.callSoon(loop::stop);
                loop.runForever();
                assertThat(log).containsExactly("a", "b", "c", "d", "e");
            }
        }

        @Test
        void timersRunByDeadlineAndTiesRunInSchedulingOrder() {
            try (EventLoop loop = Asyncio.newEventLoop(Loops.virtual())) {
                List<String> log = new ArrayList<>();
                long t0 = loop.time();
                loop.callAt(t0 + 30, () -> log.add("c@" + (loop.time() - t0)));
                loop.callAt(t0 + 10, () -> log.add("a1@" + (loop.time() - t0)));
                loop.callLater(Duration.ofNanos(20), () -> log.add("b@" + (loop.time() - t0)));
                loop.callAt(t0 + 10, () -> log.add("a2@" + (loop.time() - t0)));
                loop.callAt(t0 + 30, loop::stop);
                loop.runForever();
                assertThat(log).containsExactly("a1@10", "a2@10", "b@20", "c@30");
            }
        }

        @Test
        void aCancelledTimerDoesNotRun() {
            try (EventLoop loop = Asyncio.newEventLoop(Loops.virtual())) {
                List<String> log = new ArrayList<>();
                TimerHandle h = loop.callLater(Duration.ofSeconds(1), () -> log.add("cancelled one"));
                loop.callLater(Duration.ofSeconds(2), () -> log.add("kept"));
                loop.callLater(Duration.ofSeconds(3), loop::stop);
                h.cancel();
                loop.runForever();
                assertThat(h.isCancelled()).isTrue();
                assertThat(log).containsExactly("kept");
            }
        }

        @Test
        void aCancelledCallbackDoesNotRun() {
            try (EventLoop loop = Asyncio.newEventLoop(Loops.virtual())) {
                List<String> log = new ArrayList<>();
                Handle h = loop.callSoon(() -> log.add("cancelled one"));
                loop.callSoon(() -> log.add("kept"));
                loop.callSoon(loop::stop);
                h.cancel();
                h.cancel();
                loop.runForever();
                assertThat(h.isCancelled()).isTrue();
                assertThat(log).containsExactly("kept");
            }
        }

        @Test
        void aCallbackScheduledByACallbackRunsInTheNextIterationNotTheCurrentOne() {
            try (EventLoop loop = Asyncio.newEventLoop(Loops.virtual())) {
                List<String> log = new ArrayList<>();
                loop.callSoon(() -> {
                    log.add("a");
                    loop.callSoon(() -> log.add("c, scheduled by a"));
                    // stop ends the loop after this iteration: c must not be part of it
                    loop.stop();
                });
                loop.callSoon(() -> log.add("b"));
                loop.runForever();
                assertThat(log).containsExactly("a", "b");

                loop.callSoon(loop::stop);
                loop.runForever();
                assertThat(log).containsExactly("a", "b", "c, scheduled by a");
            }
        }

        @Test
        void anIterationRunsExactlyTheCallbacksThatWereReadyWhenItsRunPhaseBegan() {
            try (EventLoop loop = Asyncio.newEventLoop(Loops.virtual())) {
                List<String> log = new ArrayList<>();
                long t0 = loop.time();
                // due at the start of the first iteration, so moved to the ready queue before it runs
                loop.callAt(t0, () -> log.add("due timer"));
                loop.callSoon(() -> {
                    log.add("first");
                    loop.callSoon(() -> log.add("too late"));
                    loop.callAt(t0, () -> log.add("timer added during the run phase"));
                    loop.stop();
                });
                loop.callSoon(() -> log.add("second"));
                loop.runForever();
                assertThat(log).containsExactly("first", "second", "due timer");
            }
        }

        @Test
        void aCallbackThatReschedulesItselfForeverDoesNotStarveADueTimer() {
            // a real clock: a virtual one stands still while callbacks are ready
            try (EventLoop loop = Asyncio.newEventLoop(LoopOptions.defaults())) {
                int[] spins = {0};
                int[] spinsWhenTimerRan = {-1};
                Runnable[] spin = new Runnable[1];
                spin[0] = () -> {
                    spins[0]++;
                    if (spinsWhenTimerRan[0] < 0) {
                        loop.callSoon(spin[0]);
                    }
                };
                loop.callSoon(spin[0]);
                loop.callLater(Duration.ofMillis(1), () -> {
                    spinsWhenTimerRan[0] = spins[0];
                    loop.stop();
                });
                loop.runForever();
                // the timer can only run because each iteration ends after the callbacks that
                // were ready when it began, so the spinner's next run waits for the next one
                assertThat(spinsWhenTimerRan[0]).isPositive();
            }
        }

        @Test
        void sleepZeroIsARoundRobinAmongReadyTasks() {
            List<String> log = Loops.runVirtual(() -> {
                List<String> l = new ArrayList<>();
                List<Task<Void>> tasks = new ArrayList<>();
                for (String n : List.of("a", "b", "c", "d")) {
                    tasks.add(Asyncio.createTask(n, () -> {
                        for (int i = 0; i < 3; i++) {
                            l.add(n + i);
                            Asyncio.sleep(Duration.ZERO);
                        }
                    }));
                }
                for (Task<Void> t : tasks) {
                    t.await();
                }
                return l;
            });
            assertThat(log).containsExactly("a0", "b0", "c0", "d0", "a1", "b1", "c1", "d1", "a2", "b2", "c2", "d2");
        }

        @Test
        void yieldNowInterleavesLikeSleepZero() {
            List<String> log = Loops.runVirtual(() -> {
                List<String> l = new ArrayList<>();
                Task<Void> a = Asyncio.createTask("a", () -> {
                    l.add("a0");
                    Asyncio.yieldNow();
                    l.add("a1");
                });
                Task<Void> b = Asyncio.createTask("b", () -> {
                    l.add("b0");
                    Asyncio.yieldNow();
                    l.add("b1");
                });
                a.await();
                b.await();
                return l;
            });
            assertThat(log).containsExactly("a0", "b0", "a1", "b1");
        }
    }

    @Nested
    class ThreadSafety {

        @Test
        void callSoonThreadsafeFromEightThreadsLosesNoneRunsNoneTwiceAndRunsAllOnTheLoop() throws Exception {
            int threads = 8;
            int each = 125_000;
            int total = threads * each;
            try (EventLoop loop = Asyncio.newEventLoop(Loops.virtual())) {
                // loop-confined: only the callbacks touch these, and they run on the loop
                int[] runs = new int[total];
                int[] ran = {0};
                boolean[] offLoop = {false};
                Thread[] driver = new Thread[1];
                List<Thread> producers = new ArrayList<>();
                loop.callSoon(() -> {
                    driver[0] = Thread.currentThread();
                    for (int k = 0; k < threads; k++) {
                        int base = k * each;
                        producers.add(Thread.ofPlatform().name("producer-" + k).start(() -> {
                            for (int i = 0; i < each; i++) {
                                int id = base + i;
                                loop.callSoonThreadsafe(() -> {
                                    if (Thread.currentThread() != driver[0]) {
                                        offLoop[0] = true;
                                    }
                                    runs[id]++;
                                    if (++ran[0] == total) {
                                        loop.stop();
                                    }
                                });
                            }
                        }));
                    }
                });
                loop.runForever();
                for (Thread p : producers) {
                    p.join();
                }
                assertThat(ran[0]).isEqualTo(total);
                assertThat(Arrays.stream(runs).filter(n -> n != 1).count()).as("callbacks not run exactly once").isZero();
                assertThat(offLoop[0]).as("a callback ran off the loop thread").isFalse();
            }
        }

        /**
         * Issue 10, defect 1: submitters racing the end of {@code Asyncio.run}. Each submitter
         * keeps submitting until the loop refuses; every callback accepted ran, and every future
         * of an accepted {@code runCoroutineThreadsafe} is done when {@code run} returns.
         */
        @Test
        void aThreadsafeSubmissionRacingCloseIsEitherRefusedOrRunsAndItsFutureAlwaysCompletes() throws Exception {
            int submitters = 4;
            int most = 2_000;   // per submitter and round: keeps the test short on a busy machine
            for (int round = 0; round < 15; round++) {
                java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
                java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
                List<CompletableFuture<Integer>> futures = new CopyOnWriteArrayList<>();
                List<Throwable> unexpected = new CopyOnWriteArrayList<>();
                java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(submitters);
                List<Thread> threads = new ArrayList<>();
                EventLoop[] loop = new EventLoop[1];
                Asyncio.run(LoopOptions.defaults(), () -> {
                    loop[0] = Asyncio.runningLoop();
                    for (int k = 0; k < submitters; k++) {
                        boolean coroutines = k % 2 == 0;
                        threads.add(Thread.ofPlatform().start(() -> {
                            for (int i = 0; i < most; i++) {
                                if (i == 1) {
                                    started.countDown();
                                }
                                try {
                                    if (coroutines) {
                                        futures.add(Asyncio.runCoroutineThreadsafe(loop[0], () -> 42));
                                    } else {
                                        loop[0].callSoonThreadsafe(ran::incrementAndGet);
                                        accepted.incrementAndGet();
                                    }
                                } catch (IllegalStateException refused) {
                                    return;
                                } catch (Throwable t) {
                                    unexpected.add(t);
                                    return;
                                }
                            }
                        }));
                    }
                    // end main once every submitter has been accepted at least once
                    Asyncio.toThread(() -> {
                        started.await();
                        return null;
                    });
                    return null;
                });
                for (Thread t : threads) {
                    t.join();
                }
                assertThat(unexpected).isEmpty();
                assertThat(ran.get()).as("round %d: callbacks accepted but never run", round).isEqualTo(accepted.get());
                assertThat(futures).as("round %d: futures never completed", round).allMatch(CompletableFuture::isDone);
            }
        }

        @Test
        void aBoundedInboxRefusesTheCallbackBeyondItsCapacityAndCountsItsDepth() {
            int[] ran = {0};
            EventLoop loop = Asyncio.newEventLoop(Loops.virtual().withInboxCapacity(3));
            for (int i = 0; i < 3; i++) {
                loop.callSoonThreadsafe(() -> ran[0]++);
            }
            assertThat(loop.inboxDepth()).isEqualTo(3);
            assertThatThrownBy(() -> loop.callSoonThreadsafe(() -> ran[0]++))
                    .isInstanceOf(java.util.concurrent.RejectedExecutionException.class)
                    .hasMessageContaining("is full (3 callbacks").hasMessageContaining("LoopOptions.inboxCapacity");
            loop.close();
            assertThat(ran[0]).as("the accepted ones ran during close, the refused one never").isEqualTo(3);
        }

        @Test
        void theLoopTakingItsInboxMakesRoomAgain() {
            try (EventLoop loop = Asyncio.newEventLoop(Loops.virtual().withInboxCapacity(2))) {
                int[] ran = {0};
                loop.callSoonThreadsafe(() -> ran[0]++);
                loop.callSoonThreadsafe(loop::stop);
                loop.runForever();
                assertThat(loop.inboxDepth()).isZero();
                loop.callSoonThreadsafe(() -> ran[0]++);
                loop.callSoonThreadsafe(loop::stop);
                loop.runForever();
                assertThat(ran[0]).isEqualTo(2);
            }
        }

        @Test
        void callbacksAcceptedBeforeCloseRunDuringCloseAndCannotScheduleMore() {
            List<String> seen = new ArrayList<>();
            EventLoop loop = Asyncio.newEventLoop(Loops.virtual());
            loop.callSoonThreadsafe(() -> {
                seen.add("ran");
                try {
                    loop.callSoon(() -> seen.add("never"));
                } catch (IllegalStateException e) {
                    seen.add(e.getMessage().contains("is closed") ? "refused" : e.getMessage());
                }
            });
            loop.close();
            assertThat(seen).containsExactly("ran", "refused");
            assertThatThrownBy(() -> loop.callSoonThreadsafe(() -> { })).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is closed");
        }

        @Test
        void aVirtualMachineErrorFromACallbackRunDuringCloseComesOutOfClose() {
            OutOfMemoryError oom = new OutOfMemoryError("thrown on purpose");
            EventLoop loop = Asyncio.newEventLoop(Loops.virtual());
            loop.callSoonThreadsafe(() -> {
                throw oom;
            });
            assertThatThrownBy(loop::close).isSameAs(oom);
            assertThat(loop.isClosed()).isTrue();
        }

        @Test
        void runCoroutineThreadsafeAcceptedBeforeCloseFailsItsFutureWithTheClosedError() {
            EventLoop loop = Asyncio.newEventLoop(Loops.virtual());
            CompletableFuture<Integer> f = Asyncio.runCoroutineThreadsafe(loop, () -> 42);
            loop.close();
            assertThat(f).isCompletedExceptionally();
            assertThatThrownBy(f::join).hasCauseInstanceOf(IllegalStateException.class)
                    .cause().hasMessageContaining("is closed");
        }

        @Test
        void runCoroutineThreadsafeWhoseTaskIsStillPendingAtCloseFailsItsFuture() {
            EventLoop loop = Asyncio.newEventLoop(Loops.virtual());
            loop.setExceptionHandler((l, c) -> { });   // the "destroyed but pending" report
            CompletableFuture<Integer> f = Asyncio.runCoroutineThreadsafe(loop, () -> {
                Asyncio.sleep(Duration.ofHours(1));
                return 42;
            });
            loop.callSoon(loop::stop);
            loop.runForever();
            loop.close();
            assertThat(f).isCompletedExceptionally();
            assertThatThrownBy(f::join).cause().isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("was closed while the task submitted by runCoroutineThreadsafe");
        }

        @Test
        void anIdleLoopSleepsInItsSelectorAndCallSoonThreadsafeWakesIt() throws Exception {
            assertIdleLoopSleepsAndWakes(LoopOptions.defaults());
        }

        @Test
        void anIdleLoopOnAVirtualClockWithNoTimerSleepsInsteadOfSpinning() throws Exception {
            assertIdleLoopSleepsAndWakes(Loops.virtual());
        }

        private void assertIdleLoopSleepsAndWakes(LoopOptions options) throws Exception {
            try (EventLoop loop = Asyncio.newEventLoop(options)) {
                CompletableFuture<Thread> driver = new CompletableFuture<>();
                AtomicBoolean sawItAsleep = new AtomicBoolean();
                loop.callSoon(() -> driver.complete(Thread.currentThread()));
                Thread waker = Thread.ofPlatform().start(() -> {
                    Thread d = driver.join();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (System.nanoTime() < deadline && !sawItAsleep.get()) {
                        sawItAsleep.set(Arrays.stream(d.getStackTrace())
                                .anyMatch(f -> f.getMethodName().equals("sleepInSelect")));
                        Thread.onSpinWait();
                    }
                    // no timer is due: only this wake-up can end the select
                    loop.callSoonThreadsafe(loop::stop);
                });
                loop.runForever();
                waker.join();
                assertThat(sawItAsleep).as("the idle loop blocked in its selector").isTrue();
            }
        }
    }

    @Nested
    class RunningAndStopping {

        @Test
        void stopEndsRunForeverAfterTheCurrentIterationAndTheLoopCanRunAgain() {
            try (EventLoop loop = Asyncio.newEventLoop(Loops.virtual())) {
                List<String> log = new ArrayList<>();
                loop.callSoon(() -> {
                    log.add("first run");
                    loop.stop();
                });
                loop.runForever();
                assertThat(loop.isRunning()).isFalse();
                loop.callSoon(() -> {
                    log.add("second run");
                    loop.stop();
                });
                loop.runForever();
                assertThat(log).containsExactly("first run", "second run");
            }
        }

        @Test
        void stopBeforeRunForeverRunsOneIterationThenReturns() {
            try (EventLoop loop = Asyncio.newEventLoop(Loops.virtual())) {
                List<String> log = new ArrayList<>();
                loop.callSoon(() -> log.add("ready before the run"));
                // if the early stop were lost, this far timer would end the run instead
                loop.callLater(Duration.ofHours(1), () -> {
                    log.add("ran until the timer");
                    loop.stop();
                });
                loop.stop();
                loop.runForever();
                assertThat(log).containsExactly("ready before the run");
            }
        }

        @Test
        void stopFromAnotherThreadEndsTheRun() throws Exception {
            try (EventLoop loop = Asyncio.newEventLoop(LoopOptions.defaults())) {
                loop.callSoon(() -> Thread.ofPlatform().start(loop::stop));
                loop.runForever();
                assertThat(loop.isRunning()).isFalse();
            }
        }

        @Test
        void isRunningIsTrueOnlyWhileTheLoopRuns() {
            try (EventLoop loop = Asyncio.newEventLoop(Loops.virtual())) {
                boolean[] inside = {false};
                assertThat(loop.isRunning()).isFalse();
                loop.callSoon(() -> {
                    inside[0] = loop.isRunning();
                    loop.stop();
                });
                loop.runForever();
                assertThat(inside[0]).isTrue();
                assertThat(loop.isRunning()).isFalse();
            }
        }

        @Test
        void runUntilCompleteReturnsTheValueOfATaskOrAwaitable() {
            try (EventLoop loop = Asyncio.newEventLoop(Loops.virtual())) {
                Task<String> t = loop.createTask("t", () -> {
                    Asyncio.sleep(Duration.ofSeconds(1));
                    return "value";
                });
                assertThat(loop.runUntilComplete(t)).isEqualTo("value");
                Awaitable<Integer> plain = () -> 42;
                assertThat(loop.runUntilComplete(plain)).isEqualTo(42);
            }
        }

        @Test
        void runUntilCompleteOfAFutureAlreadyDoneReturnsAfterOneIteration() {
            try (EventLoop loop = Asyncio.newEventLoop(Loops.virtual())) {
                List<String> log = new ArrayList<>();
                AsyncFuture<String> done = loop.createFuture();
                done.setResult("done");
                loop.callSoon(() -> log.add("ready callback ran"));
                loop.callLater(Duration.ofHours(1), () -> log.add("the loop ran on"));
                assertThat(loop.runUntilComplete(done)).isEqualTo("done");
                assertThat(log).containsExactly("ready callback ran");
            }
        }

        @Test
        void runUntilCompleteStoppedEarlySaysSo() {
            try (EventLoop loop = Asyncio.newEventLoop(Loops.virtual())) {
                AsyncFuture<String> never = loop.createFuture();
                loop.callSoon(loop::stop);
                assertThatThrownBy(() -> loop.runUntilComplete(never))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("stopped before the awaitable completed");
            }
        }

        @Test
        void closeIsIdempotentAndIsClosedTellsIt() {
            EventLoop loop = Asyncio.newEventLoop(Loops.virtual());
            assertThat(loop.isClosed()).isFalse();
            loop.close();
            loop.close();
            assertThat(loop.isClosed()).isTrue();
        }

        @Test
        void asyncioRunningLoopAndCreateTaskWorkFromAPlainCallback() {
            try (EventLoop loop = Asyncio.newEventLoop(Loops.virtual())) {
                EventLoop[] seen = new EventLoop[1];
                AsyncFuture<Task<String>> created = loop.createFuture();
                loop.callSoon(() -> {
                    seen[0] = Asyncio.runningLoop();
                    created.setResult(Asyncio.createTask("from a callback", () -> "ran"));
                });
                assertThat(loop.runUntilComplete(() -> created.await().await())).isEqualTo("ran");
                assertThat(seen[0]).isSameAs(loop);
                assertThat(Asyncio.currentTask()).isNull();
            }
        }
    }

    @Nested
    class VirtualTime {

        @Test
        void sleepingAnHourTakesNoRealTimeAndMovesLoopTimeExactly() {
            long realStart = System.nanoTime();
            long moved = Loops.runVirtual(() -> {
                long t0 = Asyncio.runningLoop().time();
                Asyncio.sleep(Duration.ofHours(1));
                return Asyncio.runningLoop().time() - t0;
            });
            assertThat(moved).isEqualTo(Duration.ofHours(1).toNanos());
            assertThat(Duration.ofNanos(System.nanoTime() - realStart)).isLessThan(Duration.ofSeconds(5));
        }

        @Test
        void loopTimeAdvancesExactlyToEachTimer() {
            List<Long> seen = Loops.runVirtual(() -> {
                EventLoop loop = Asyncio.runningLoop();
                long t0 = loop.time();
                List<Long> l = new ArrayList<>();
                Asyncio.sleep(Duration.ofMillis(10));
                l.add(loop.time() - t0);
                Asyncio.sleep(Duration.ofNanos(7));
                l.add(loop.time() - t0);
                Asyncio.sleep(Duration.ZERO);
                l.add(loop.time() - t0);
                return l;
            });
            assertThat(seen).containsExactly(10_000_000L, 10_000_007L, 10_000_007L);
        }

        @Test
        void theClockJumpsAgainAsSoonAsAToThreadCallEnds() {
            // the worker publishes its outcome, then ends its count: a loop that went to sleep in
            // between must be woken, or each such sleep would last its timer's full real time
            long realStart = System.nanoTime();
            long moved = Loops.runVirtual(() -> {
                EventLoop loop = Asyncio.runningLoop();
                long t0 = loop.time();
                for (int i = 0; i < 300; i++) {
                    Asyncio.toThread(() -> 1);
                    // a missed wake-up would make this last 5 real seconds
                    Asyncio.sleep(Duration.ofSeconds(5));
                }
                return loop.time() - t0;
            });
            assertThat(moved).isEqualTo(Duration.ofSeconds(1500).toNanos());
            assertThat(Duration.ofNanos(System.nanoTime() - realStart)).isLessThan(Duration.ofSeconds(4));
        }

        @Test
        void theClockDoesNotJumpWhileAToThreadCallIsInFlight() {
            List<String> log = new CopyOnWriteArrayList<>();
            Loops.runVirtual(() -> {
                EventLoop loop = Asyncio.runningLoop();
                long t0 = loop.time();
                Task<Void> sleeper = Asyncio.createTask("sleeper", () -> {
                    Asyncio.sleep(Duration.ofHours(1));
                    log.add("sleeper woke");
                });
                String v = Asyncio.toThread(() -> {
                    // real work that takes real time; the sleeper's timer is the only one pending
                    Thread.sleep(100);
                    return "worked";
                });
                log.add(v + " at +" + (loop.time() - t0));
                sleeper.await();
                log.add("sleeper done at +" + Duration.ofNanos(loop.time() - t0));
                return null;
            });
            assertThat(log).containsExactly("worked at +0", "sleeper woke", "sleeper done at +PT1H");
        }
    }
}
