package io.jasyncio.internal.debug;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.LoopOptions;
import io.jasyncio.internal.engine.Fiber;
import io.jasyncio.internal.loop.SelectorLoop;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The JVM-wide watchdog survives failures and comes back when its thread is gone (issue 10). */
class WatchdogTest {

    /** A fiber whose every look by the watchdog throws {@code failure}. */
    private static Fiber throwingFiber(CountDownLatch looks, Error failure) {
        return new Fiber() {
            @Override
            public long pinnedParkSince() {
                looks.countDown();
                throw failure;
            }

            @Override
            public void start() {
            }

            @Override
            public void unpark() {
            }

            @Override
            public void park() {
            }

            @Override
            public void yieldNow() {
            }

            @Override
            public void startNow(Fiber caller) {
            }

            @Override
            public Thread thread() {
                return null;
            }
        };
    }

    @Test
    void anOutOfMemoryErrorInOnePassDoesNotEndTheWatchdog() throws Exception {
        CountDownLatch looks = new CountDownLatch(3);
        try (EventLoop loop = Asyncio.newEventLoop(LoopOptions.defaults())) {
            SelectorLoop l = (SelectorLoop) loop;
            l.mounted(throwingFiber(looks, new OutOfMemoryError("thrown on purpose by WatchdogTest")));
            Watchdog.watch(l);
            try {
                // three looks: the watchdog went on after the first two failures
                assertThat(looks.await(30, TimeUnit.SECONDS)).as("the watchdog stopped looking").isTrue();
                assertThat(Watchdog.thread().isAlive()).isTrue();
            } finally {
                Watchdog.unwatch(l);
                l.mounted(null);
            }
        }
    }

    @Test
    void aWatchdogWhoseThreadIsGoneIsStartedAgainByTheNextLoopThatRuns() throws Exception {
        Thread dead = Thread.ofPlatform().start(() -> { });
        dead.join();
        try (EventLoop loop = Asyncio.newEventLoop(LoopOptions.defaults())) {
            // make sure a watchdog runs, so that a live thread is replaced
            Watchdog.watch((SelectorLoop) loop);
            Watchdog.unwatch((SelectorLoop) loop);
        }
        Thread before = Watchdog.thread();
        Watchdog.replaceThread(dead);
        before.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(before.isAlive()).as("the replaced watchdog retired").isFalse();

        // a loop that runs registers with the watchdog, which must start a new thread
        String result = Asyncio.run(() -> {
            Asyncio.sleep(Duration.ofMillis(1));
            return "ran";
        });
        assertThat(result).isEqualTo("ran");
        assertThat(Watchdog.thread()).isNotSameAs(dead);
        assertThat(Watchdog.thread().isAlive()).isTrue();
    }
}
