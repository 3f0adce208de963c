package io.jasyncio.internal.debug;

import io.jasyncio.internal.engine.Fiber;
import io.jasyncio.internal.loop.SelectorLoop;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * One daemon thread per JVM that looks at running loops every {@link #PERIOD_NANOS}:
 * <ul>
 * <li>a fiber parked without unmounting (pinned) for two looks in a row is woken with a failure,
 *     since the loop it holds cannot wake it (see {@code PinnedSuspensionException});</li>
 * <li>in debug mode, a step running longer than the loop's threshold has its stack captured
 *     while it still runs, so the report shows where it was, not where it ended.</li>
 * </ul>
 * It sleeps while no loop runs. Off the hot path: loops only register and unregister.
 *
 * <p><b>It must not die</b> (issue 10): without it a pinned park on the loop engine is a silent
 * deadlock for the life of the JVM. A throwable in one pass (an {@code OutOfMemoryError} while
 * capturing a stack, a bug) is logged, at most once a minute, and the next pass goes on; and
 * {@link #watch} starts a new thread whenever the registered one is no longer alive. Only the
 * registered thread works: one that was replaced retires at its next pass.
 */
public final class Watchdog {
    static final long PERIOD_NANOS = 50_000_000L;
    private static final long LOG_INTERVAL_NANOS = 60_000_000_000L;
    private static final System.Logger LOG = System.getLogger("io.jasyncio");
    private static final Set<SelectorLoop> LOOPS = ConcurrentHashMap.newKeySet();
    private static volatile Thread thread;

    private Watchdog() {
    }

    /** Starts watching {@code loop}; called by the loop's driver as it starts running. */
    public static void watch(SelectorLoop loop) {
        LOOPS.add(loop);
        Thread t = thread;
        if (t == null || !t.isAlive()) {
            synchronized (Watchdog.class) {
                t = thread;
                if (t == null || !t.isAlive()) {
                    t = Thread.ofPlatform().daemon().name("jasyncio-watchdog").unstarted(Watchdog::run);
                    thread = t;
                    t.start();
                    return;
                }
            }
        }
        LockSupport.unpark(t);
    }

    /** The watchdog thread, or null before the first loop ran. For tests. */
    static Thread thread() {
        return thread;
    }

    /** Makes {@code t} the registered thread (tests simulate a dead watchdog); the old one retires. */
    static void replaceThread(Thread t) {
        Thread old = thread;
        thread = t;
        if (old != null) {
            LockSupport.unpark(old);
        }
    }

    /** Stops watching {@code loop}. */
    public static void unwatch(SelectorLoop loop) {
        LOOPS.remove(loop);
    }

    private static void run() {
        ConcurrentHashMap<SelectorLoop, Long> suspect = new ConcurrentHashMap<>();
        ConcurrentHashMap<SelectorLoop, Long> slowSeen = new ConcurrentHashMap<>();
        long lastLogged = System.nanoTime() - LOG_INTERVAL_NANOS;
        while (thread == Thread.currentThread()) {
            // an interrupt would make every park return at once: the watchdog ignores interrupts
            Thread.interrupted();
            if (LOOPS.isEmpty()) {
                suspect.clear();
                slowSeen.clear();
                LockSupport.park();
                continue;
            }
            LockSupport.parkNanos(PERIOD_NANOS);
            suspect.keySet().retainAll(LOOPS);
            slowSeen.keySet().retainAll(LOOPS);
            for (SelectorLoop loop : LOOPS) {
                try {
                    checkPinned(loop, suspect);
                    checkSlow(loop, slowSeen);
                } catch (Throwable t) {
                    if (System.nanoTime() - lastLogged >= LOG_INTERVAL_NANOS) {
                        lastLogged = System.nanoTime();
                        logFailure(loop, t);
                    }
                }
            }
        }
    }

    private static void logFailure(SelectorLoop loop, Throwable t) {
        try {
            LOG.log(System.Logger.Level.WARNING, "the jasyncio watchdog failed while checking " + loop
                    + "; it carries on (further failures within a minute are not logged)", t);
        } catch (Throwable again) {
            // out of memory even for the message: the next pass tries again
        }
    }

    private static void checkPinned(SelectorLoop loop, ConcurrentHashMap<SelectorLoop, Long> suspect) {
        Fiber f = loop.mountedFiber();
        long since = f == null ? -1 : f.pinnedParkSince();
        // a pinned park blocks the carrier, which is the loop's driver: it waits. A park that did
        // unmount leaves the driver running (or descheduled on a loaded machine, still RUNNABLE,
        // or asleep in select, also RUNNABLE): not pinned, however long ago the park began
        if (since < PERIOD_NANOS || !waiting(loop.driverThread())) {
            suspect.remove(loop);
            return;
        }
        // identify the park by its start time; two looks at the same park make it pinned
        long parkStart = System.nanoTime() - since;
        Long prev = suspect.put(loop, parkStart);
        if (prev != null && Math.abs(prev - parkStart) < 1_000_000L && f == loop.mountedFiber()) {
            suspect.remove(loop);
            f.failPinned(f.thread().getStackTrace());
        }
    }

    private static boolean waiting(Thread driver) {
        if (driver == null) {
            return false;
        }
        Thread.State st = driver.getState();
        return st == Thread.State.WAITING || st == Thread.State.TIMED_WAITING;
    }

    private static void checkSlow(SelectorLoop loop, ConcurrentHashMap<SelectorLoop, Long> seen) {
        if (!loop.debug()) {
            return;
        }
        long start = loop.stepStartNanos();
        if (start == 0 || System.nanoTime() - start < loop.slowThresholdNanos()) {
            return;
        }
        Long prev = seen.put(loop, start);
        if (prev != null && prev == start) {
            return;
        }
        Fiber f = loop.mountedFiber();
        Thread t = f != null ? f.thread() : loop.driverThread();
        if (t != null) {
            loop.slowStepStack(t.getStackTrace());
        }
    }
}
