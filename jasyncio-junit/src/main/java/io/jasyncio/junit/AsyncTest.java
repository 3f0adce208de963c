package io.jasyncio.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test method as the main task of a fresh event loop, on a virtual clock unless told
 * otherwise, and fails it on whatever it leaves behind.
 *
 * <p><b>The loop.</b> Each run gets a new loop in debug mode, on a fresh
 * {@link io.jasyncio.testing.VirtualClock} ({@link #clock()}): an hour of {@code sleep} takes no
 * time and the order of timers is exact. The method runs as the loop's main task, so it may
 * await, sleep and create tasks directly. Its parameters may be the {@link io.jasyncio.EventLoop},
 * the {@link io.jasyncio.testing.VirtualClock}, a {@link io.jasyncio.testing.TestScheduler} for
 * that clock, and a {@link io.jasyncio.TaskGroup} the method runs inside (it returns when the
 * group's children have ended), next to any other parameters JUnit resolves. {@code @BeforeEach}
 * and {@code @AfterEach} methods run outside the loop, on JUnit's thread.
 *
 * <p><b>Engines.</b> {@link #engines()} picks the engines the test runs on, each run named by
 * its engine in the report; {@link Engines#DEFAULT} follows the JUnit configuration parameter
 * {@code jasyncio.junit.engines} ({@code both}, {@code loop} or {@code portable}; unset: the
 * JVM's default engine), given as a system property or in {@code junit-platform.properties}, so
 * a build can run a whole suite on both engines with one flag. A run
 * on the loop engine where the JVM cannot build it (no {@code --add-opens}) is aborted, shown
 * as skipped with the reason.
 *
 * <p><b>Checks.</b> When the method has returned (or thrown), the extension looks for tasks
 * still pending, then cancels them, shuts down the default executor and closes the loop, and
 * fails the test for each {@link Check}: tasks still pending (with their stacks), failures never
 * retrieved, resources left open (with the stack where each was opened), steps that held the
 * loop longer than {@link #slowStepMillis()}. {@link SkipCheck} turns one off with a reason. When
 * the method itself failed, the problems are added to its failure as suppressed exceptions.
 *
 * <p><b>Example.</b>
 * <pre>{@code
 * @AsyncTest
 * void retriesUntilTheServiceAnswers(TestScheduler scheduler) {
 *     var reply = Asyncio.createTask(() -> client.fetchWithRetries());
 *     scheduler.advanceTimeBy(Duration.ofSeconds(30));      // takes no real time
 *     assertThat(reply.result()).isEqualTo("ok");
 * }
 * }</pre>
 *
 * <p><b>Pitfalls.</b> Do not add {@code @Test} as well: this is a {@link TestTemplate}, which
 * JUnit would then run a second time, outside any loop.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@TestTemplate
@ExtendWith(AsyncTestExtension.class)
public @interface AsyncTest {

    /** The loop's clock; virtual unless the test needs real time (real sockets with real timeouts). */
    ClockKind clock() default ClockKind.VIRTUAL;

    /** The engines to run on; one run per engine. */
    Engines engines() default Engines.DEFAULT;

    /**
     * The real time one step may hold the loop before {@link Check#SLOW_STEPS} fails the test, in
     * milliseconds; must be positive. The default, 500, is well above asyncio's 100 ms debug
     * threshold, so that class loading and a loaded CI machine do not fail tests.
     */
    long slowStepMillis() default 500;

    /**
     * Schedule exploration: 0 (the default) runs the loop's plain order; {@code n > 0} runs the
     * test once per schedule seed 1 to {@code n} on each engine, the loop built with
     * {@link io.jasyncio.LoopOptions#withScheduleSeed(long)}, each run named by its seed
     * ("loop engine, schedule seed 7") so a failure says which seed to replay.
     * {@code -Djasyncio.schedule.seeds=N} runs {@code N} seeds instead and
     * {@code -Djasyncio.schedule.seed=S} only seed {@code S} (see
     * {@link io.jasyncio.testing.ScheduleSeeds}). Replays are exact on the virtual clock;
     * must not be negative.
     */
    int scheduleSeeds() default 0;

    /** Which clock the test's loop reads. */
    enum ClockKind {
        /** A fresh {@link io.jasyncio.testing.VirtualClock}: time jumps whenever nothing is ready. */
        VIRTUAL,
        /** The monotonic clock: sleeps and timeouts take real time. */
        REAL
    }

    /** Which engines a test runs on. */
    enum Engines {
        /**
         * As the configuration parameter (or system property) {@code jasyncio.junit.engines} says ({@code both},
         * {@code loop}, {@code portable}); without it, once on the JVM's default engine.
         */
        DEFAULT,
        /** Twice: on the loop engine, then on the portable engine. */
        BOTH,
        /** Once, on the loop engine. */
        LOOP,
        /** Once, on the portable engine. */
        PORTABLE
    }
}
