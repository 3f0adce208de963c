package io.jasyncio.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Loops;
import io.jasyncio.queues.AsyncQueue;
import io.jasyncio.queues.MemoryChannel;
import io.jasyncio.sync.AsyncCondition;
import io.jasyncio.sync.AsyncLock;
import io.jasyncio.sync.AsyncSemaphore;
import io.jasyncio.sync.Barrier;
import io.jasyncio.sync.CapacityLimiter;
import io.jasyncio.sync.Event;
import org.junit.jupiter.api.Test;

/**
 * Loop confinement of every coordination primitive holds from its first use in a loop, whatever
 * the call: a primitive used only through calls that never suspend ({@code putNowait},
 * {@code tryAcquire}, {@code set}, ...) is bound as well as one that was awaited, so another
 * thread is refused while the loop runs (found by a user reading a {@code putNowait}-only queue
 * with {@code getNowait} from a platform thread).
 */
class LoopBoundTest {

    private static final String ALTERNATIVE = "from other threads use loop.callSoonThreadsafe(() -> ...)";

    /** Runs {@code action} on a thread other than the running loop's, from a task, and returns what it threw. */
    private static Throwable fromAnotherThread(Runnable action) {
        return Asyncio.toThread(() -> catchThrowable(action::run));
    }

    private static void assertRefused(Runnable fromElsewhere) {
        assertThat(fromAnotherThread(fromElsewhere)).isInstanceOf(WrongThreadException.class)
                .hasMessageContaining("was called from thread 'jasyncio-to-thread-")
                .hasMessageContaining(ALTERNATIVE);
    }

    @Test
    void aQueueUsedOnlyThroughNowaitCallsRefusesAnotherThread() {
        Loops.runVirtual(() -> {
            AsyncQueue<String> q = new AsyncQueue<>();
            q.putNowait("a");
            assertRefused(q::getNowait);
            assertRefused(() -> q.putNowait("b"));
            assertRefused(q::size);
            assertThat(q.getNowait()).isEqualTo("a");   // nothing was taken or added from the other thread
            assertThat(q.isEmpty()).isTrue();
            return null;
        });
    }

    @Test
    void aChannelUsedOnlyThroughTryCallsRefusesAnotherThread() {
        Loops.runVirtual(() -> {
            var ch = MemoryChannel.<String>open(4);
            assertThat(ch.sender().trySend("a")).isTrue();
            assertRefused(() -> ch.receiver().tryReceive());
            assertRefused(() -> ch.sender().trySend("b"));
            assertRefused(() -> ch.sender().close());
            assertRefused(ch::statistics);
            assertThat(ch.receiver().tryReceive()).isEqualTo("a");
            assertThat(ch.receiver().tryReceive()).isNull();
            return null;
        });
    }

    @Test
    void aLockUsedOnlyThroughTryAcquireRefusesAnotherThread() {
        Loops.runVirtual(() -> {
            AsyncLock lock = new AsyncLock();
            assertThat(lock.tryAcquire()).isTrue();
            assertRefused(lock::release);
            assertRefused(lock::isLocked);
            assertThat(lock.isLocked()).isTrue();
            lock.release();
            return null;
        });
    }

    @Test
    void aConditionUsedOnlyThroughNonSuspendingCallsRefusesAnotherThread() {
        Loops.runVirtual(() -> {
            AsyncCondition c = new AsyncCondition();
            assertThat(c.isLocked()).isFalse();
            assertRefused(c::isLocked);
            assertRefused(c::waiting);
            return null;
        });
    }

    @Test
    void anEventUsedOnlyThroughSetRefusesAnotherThread() {
        Loops.runVirtual(() -> {
            Event e = new Event();
            e.set();
            assertRefused(e::clear);
            assertRefused(e::isSet);
            assertThat(e.isSet()).isTrue();
            return null;
        });
    }

    @Test
    void aSemaphoreUsedOnlyThroughTryAcquireRefusesAnotherThread() {
        Loops.runVirtual(() -> {
            AsyncSemaphore s = new AsyncSemaphore(1);
            assertThat(s.tryAcquire()).isTrue();
            assertRefused(s::release);
            assertRefused(s::tryAcquire);
            assertRefused(s::value);
            assertThat(s.value()).isZero();
            return null;
        });
    }

    @Test
    void aBarrierUsedOnlyThroughItsStateRefusesAnotherThread() {
        Loops.runVirtual(() -> {
            Barrier b = new Barrier(2);
            assertThat(b.waiting()).isZero();
            assertRefused(b::abort);
            assertRefused(b::isBroken);
            assertThat(b.isBroken()).isFalse();
            return null;
        });
    }

    @Test
    void aCapacityLimiterUsedOnlyThroughTryAcquireRefusesAnotherThread() {
        Loops.runVirtual(() -> {
            CapacityLimiter limiter = new CapacityLimiter(1);
            Object request = new Object();
            assertThat(limiter.tryAcquireOnBehalfOf(request)).isTrue();
            assertRefused(() -> limiter.releaseOnBehalfOf(request));
            assertRefused(limiter::statistics);
            assertThat(limiter.borrowedTokens()).isEqualTo(1);
            return null;
        });
    }

    @Test
    void aPlainCallbackBindsAsATaskDoes() {
        Loops.runVirtual(() -> {
            EventLoop loop = Asyncio.runningLoop();
            AsyncQueue<String> q = new AsyncQueue<>();
            loop.callSoon(() -> q.putNowait("from a callback"));
            Asyncio.yieldNow();
            assertRefused(q::getNowait);
            assertThat(q.getNowait()).isEqualTo("from a callback");
            return null;
        });
    }

    @Test
    void aQueuePreparedOutsideAnyLoopIsBoundByTheLoopThatUsesItFirst() {
        AsyncQueue<String> q = new AsyncQueue<>();
        q.putNowait("prepared before the loop runs");
        String got = Loops.runVirtual(() -> {
            String first = q.getNowait();
            assertRefused(() -> q.putNowait("late"));
            return first;
        });
        assertThat(got).isEqualTo("prepared before the loop runs");
    }
}
