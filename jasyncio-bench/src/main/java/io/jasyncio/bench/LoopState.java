package io.jasyncio.bench;

import io.jasyncio.AsyncRunnable;
import io.jasyncio.Asyncio;
import io.jasyncio.EngineKind;
import io.jasyncio.EventLoop;
import io.jasyncio.LoopOptions;
import java.util.Locale;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One event loop per trial, on the engine named by the {@code engine} parameter, so every
 * benchmark is measured on both engines in one JMH run.
 *
 * <p>A benchmark invocation is one {@link #run(AsyncRunnable)}: the body runs as a task and the
 * loop runs until it ends. Each body does thousands of operations
 * ({@code @OperationsPerInvocation}), so starting the task and the loop is noise in the
 * per-operation figure.
 */
@State(Scope.Thread)
public class LoopState {

    /** {@code loop} or {@code portable}: the engine of the loop under test. */
    @Param({"loop", "portable"})
    public String engine;

    /** The loop under test; runs only inside {@link #run(AsyncRunnable)}. */
    public EventLoop loop;

    /** Creates the loop on the chosen engine. */
    @Setup(Level.Trial)
    public void openLoop() {
        EngineKind kind = EngineKind.valueOf(engine.toUpperCase(Locale.ROOT));
        loop = Asyncio.newEventLoop(options().withEngine(kind));
    }

    /** The loop's options before the engine is set; subclasses change them. */
    protected LoopOptions options() {
        return LoopOptions.defaults();
    }

    /** Closes the loop. */
    @TearDown(Level.Trial)
    public void closeLoop() {
        loop.close();
    }

    /** Runs {@code body} as a task of {@link #loop} and returns when it is done. */
    public void run(AsyncRunnable body) {
        loop.runUntilComplete(loop.createTask("bench", () -> {
            body.run();
            return null;
        }));
    }

    /** The same loop with eager task start ({@code LoopOptions.withEagerTasks}). */
    public static class Eager extends LoopState {
        @Override
        protected LoopOptions options() {
            return LoopOptions.defaults().withEagerTasks(true);
        }
    }
}
