package io.jasyncio;

import static io.jasyncio.Loops.runVirtual;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * Why every task is a real thread: thread-local state, locks and blocking calls behave per task.
 * The blocking-call rule differs by engine, as documented.
 */
class EngineIsolationTest {

    static final ThreadLocal<String> REQUEST = new ThreadLocal<>();

    @Test
    void threadLocalsDoNotLeakBetweenTasksAcrossSuspensions() {
        String r = runVirtual(() -> {
            Task<String> a = Asyncio.createTask("a", () -> {
                REQUEST.set("request-a");
                Asyncio.sleep(Duration.ofMillis(10));
                return REQUEST.get();
            });
            Task<String> b = Asyncio.createTask("b", () -> {
                Asyncio.sleep(Duration.ofMillis(5));
                String seen = REQUEST.get();
                REQUEST.set("request-b");
                return String.valueOf(seen);
            });
            return a.await() + " " + b.await() + " " + REQUEST.get();
        });
        assertThat(r).isEqualTo("request-a null null");
    }

    @Test
    void aLockHeldAcrossASuspensionIsNotReenteredByAnotherTask() {
        String r = runVirtual(() -> {
            ReentrantLock lock = new ReentrantLock();
            Task<String> holder = Asyncio.createTask("holder", () -> {
                lock.lock();
                try {
                    Asyncio.sleep(Duration.ofMillis(10));
                    return "held";
                } finally {
                    lock.unlock();
                }
            });
            Task<Boolean> other = Asyncio.createTask("other", () -> {
                Asyncio.sleep(Duration.ofMillis(5));
                return lock.tryLock();
            });
            return holder.await() + ", other got it: " + other.await();
        });
        assertThat(r).isEqualTo("held, other got it: false");
    }

    @Test
    void aBlockingJdkCallParksOnlyItsTaskOnTheLoopEngineAndHoldsTheLoopOnThePortableOne() {
        boolean released = Asyncio.run(() -> {
            CountDownLatch latch = new CountDownLatch(1);
            Task<Boolean> blocked = Asyncio.createTask("blocked", () -> latch.await(1, TimeUnit.SECONDS));
            Task<Void> releaser = Asyncio.createTask("releaser", () -> {
                Asyncio.yieldNow();
                latch.countDown();
                return null;
            });
            boolean r = blocked.await();
            releaser.await();
            return r;
        });
        // loop engine: the releaser ran while 'blocked' was parked inside latch.await
        // portable engine: 'blocked' held the loop until the await timed out
        assertThat(released).isEqualTo(Loops.expectedEngine() == EngineKind.LOOP);
    }

    @Test
    void toThreadWorkRunsOffTheLoopEvenWhenItCannotUnmount() {
        // a busy wait cannot unmount: on the loop's own thread it would hold the loop, and the
        // task that sets the flag could never run (the JDK makes a virtual thread started by a
        // loop-engine task inherit the loop as its scheduler unless told otherwise)
        java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean flag = new java.util.concurrent.atomic.AtomicBoolean();
        boolean seen = Asyncio.run(() -> {
            Task<Boolean> spinner = Asyncio.createTask("spinner", () -> Asyncio.toThread(() -> {
                started.set(true);
                long end = System.nanoTime() + 5_000_000_000L;
                while (!flag.get() && System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
                return flag.get();
            }));
            while (!started.get() && !spinner.isDone()) {
                Asyncio.sleep(Duration.ofMillis(1));
            }
            flag.set(true);
            return spinner.await();
        });
        assertThat(seen).isTrue();
    }
}
