package io.jasyncio.junit;

import io.jasyncio.Asyncio;
import io.jasyncio.EngineKind;
import io.jasyncio.EventLoop;
import io.jasyncio.ExceptionContext;
import io.jasyncio.ExceptionGroup;
import io.jasyncio.LoopClock;
import io.jasyncio.LoopOptions;
import io.jasyncio.Task;
import io.jasyncio.TaskGroup;
import io.jasyncio.testing.ReportKind;
import io.jasyncio.testing.TestScheduler;
import io.jasyncio.testing.VirtualClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * One run of an {@link AsyncTest} method on one engine: its loop, the parameters taken from
 * it, the run itself and the checks afterwards.
 *
 * <p>The loop is created when the first parameter asks for it (JUnit resolves the parameters
 * before it calls the interceptor) or when the run starts. A {@link TaskGroup} can only exist
 * inside the running loop, so its parameter resolves to a placeholder and the interceptor
 * invokes the method itself, inside the group, with the real one.
 */
final class AsyncRun implements ParameterResolver, InvocationInterceptor, AfterTestExecutionCallback {
    /** What {@code Asyncio.run} gives threads still running at the end (asyncio's runner). */
    private static final Duration EXECUTOR_SHUTDOWN_TIMEOUT = Duration.ofSeconds(300);
    /** Frames shown per stack in a failure message; the rest is elided. */
    private static final int FRAMES = 12;

    private final AsyncTest config;
    private final EngineKind engine;
    /** The schedule seed of this run, or null for the plain order. */
    private final Long scheduleSeed;
    /** Every report of the loop's exception handler, in order; the loop thread appends. */
    private final List<ExceptionContext> reports = new ArrayList<>();
    private VirtualClock clock;
    private EventLoop loop;

    AsyncRun(AsyncTest config, EngineKind engine, Long scheduleSeed) {
        this.config = config;
        this.engine = engine;
        this.scheduleSeed = scheduleSeed;
    }

    private EventLoop loop() {
        if (loop == null) {
            LoopOptions options = LoopOptions.defaults().withEngine(engine).withDebug(true)
                    .withSlowCallbackThreshold(Duration.ofMillis(config.slowStepMillis()));
            if (scheduleSeed != null) {
                options = options.withScheduleSeed(scheduleSeed);
            }
            if (config.clock() == AsyncTest.ClockKind.VIRTUAL) {
                clock = new VirtualClock();
                options = options.withClock(clock);
            } else {
                options = options.withClock(LoopClock.monotonic());
            }
            try {
                loop = Asyncio.newEventLoop(options);
            } catch (IllegalStateException e) {
                // the loop engine needs --add-opens; the portable engine always builds
                Assumptions.abort("cannot run on the " + engine.name().toLowerCase(java.util.Locale.ROOT) + " engine here: " + e.getMessage());
            }
            loop.setExceptionHandler((l, c) -> reports.add(c));
        }
        return loop;
    }

    // ---------------------------------------------------------------- parameters

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext ext) {
        Class<?> t = p.getParameter().getType();
        return t == EventLoop.class || t == VirtualClock.class || t == TestScheduler.class || t == TaskGroup.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext ext) {
        Class<?> t = p.getParameter().getType();
        if (t == TaskGroup.class) {
            return null;
        }
        EventLoop l = loop();
        if (t == EventLoop.class) {
            return l;
        }
        if (clock == null) {
            throw new ParameterResolutionException(p.getDeclaringExecutable() + " runs on the real clock "
                    + "(@AsyncTest(clock = REAL)), which has no " + t.getSimpleName() + "; use the virtual clock "
                    + "(the default) or drop the parameter");
        }
        return t == VirtualClock.class ? clock : new TestScheduler(clock);
    }

    // ---------------------------------------------------------------- the run

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                                            ExtensionContext ext) throws Throwable {
        invocation.skip();
        Map<Check, String> skipped = skippedChecks(ext);
        EventLoop l = loop();
        Method m = call.getExecutable();
        Object target = call.getTarget().orElse(null);
        Object[] args = call.getArguments().toArray();
        Parameter[] params = m.getParameters();
        boolean inGroup = Arrays.stream(params).anyMatch(p -> p.getType() == TaskGroup.class);
        m.setAccessible(true);
        List<Problem> problems = new ArrayList<>();
        Task<Object> main = l.createTask(m.getName(), () -> {
            try {
                if (inGroup) {
                    Asyncio.taskGroup(tg -> {
                        for (int i = 0; i < params.length; i++) {
                            if (params[i].getType() == TaskGroup.class) {
                                args[i] = tg;
                            }
                        }
                        return invoke(m, target, args);
                    });
                } else {
                    invoke(m, target, args);
                }
            } finally {
                Task<?> self = Asyncio.currentTask();
                for (Task<?> t : l.allTasks()) {
                    if (t != self) {
                        problems.add(new Problem(Check.PENDING_TASKS, t + " is still pending", t.stack(), null));
                    }
                }
            }
            return null;
        });
        Throwable failure = null;
        try {
            l.runUntilComplete(main);
        } catch (Throwable t) {
            failure = main.isDone() && !main.isCancelled() && main.exception() != null ? main.exception() : t;
            // a method run inside its TaskGroup parameter fails with a group; one failure alone is
            // the method's own, reported as it was thrown (LeakChecksTest#aFailureInsideTheTaskGroupParameterIsReportedAsThrown)
            if (inGroup && failure instanceof ExceptionGroup g && g.exceptions().size() == 1) {
                failure = g.exceptions().get(0);
            }
        } finally {
            shutDown(l);
        }
        for (ExceptionContext c : reports) {
            problems.add(Problem.of(c));
        }
        problems.removeIf(p -> skipped.containsKey(p.check));
        if (problems.isEmpty()) {
            if (failure != null) {
                throw failure;
            }
            return;
        }
        AssertionError leaks = new AssertionError(describe(m, problems));
        for (Problem p : problems) {
            if (p.cause != null) {
                leaks.addSuppressed(p.cause);
            }
        }
        if (failure != null) {
            failure.addSuppressed(leaks);
            throw failure;
        }
        throw leaks;
    }

    private static Object invoke(Method m, Object target, Object[] args) throws Exception {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /**
     * Cancels the tasks still pending and waits for them, shuts down the default executor and
     * closes the loop, as {@code Asyncio.run} does after its main task; the close reports what
     * was never retrieved or closed.
     */
    private static void shutDown(EventLoop l) {
        try {
            List<Task<?>> left = List.copyOf(l.allTasks());
            l.runUntilComplete(l.createTask("shutdown", () -> {
                for (Task<?> t : left) {
                    t.cancel("the test ended; @AsyncTest cancels the tasks still pending");
                }
                // retrieves every outcome: the tasks were reported as pending already
                Asyncio.gatherReturnExceptions(left);
                l.shutdownDefaultExecutor(EXECUTOR_SHUTDOWN_TIMEOUT);
                return null;
            }));
        } finally {
            l.close();
        }
    }

    @Override
    public void afterTestExecution(ExtensionContext ext) {
        // the run never started (a parameter failed to resolve): do not leak the selector
        if (loop != null && !loop.isClosed() && !loop.isRunning()) {
            loop.close();
        }
    }

    // ---------------------------------------------------------------- checks

    /** The checks turned off for this test, each with its reason; method first, then its classes. */
    private static Map<Check, String> skippedChecks(ExtensionContext ext) {
        Map<Check, String> off = new EnumMap<>(Check.class);
        List<SkipCheck> all = new ArrayList<>(AnnotationSupport.findRepeatableAnnotations(
                ext.getRequiredTestMethod(), SkipCheck.class));
        for (Optional<Class<?>> c = ext.getTestClass(); c.isPresent(); c = Optional.ofNullable(c.get().getEnclosingClass())) {
            all.addAll(AnnotationSupport.findRepeatableAnnotations(c.get(), SkipCheck.class));
        }
        for (SkipCheck s : all) {
            if (s.reason().isBlank()) {
                throw new ExtensionConfigurationException("@SkipCheck(" + s.value() + ") on "
                        + ext.getRequiredTestMethod() + " has no reason: say why the test may leave this behind");
            }
            off.putIfAbsent(s.value(), s.reason());
        }
        return off;
    }

    private static String describe(Method m, List<Problem> problems) {
        StringBuilder b = new StringBuilder();
        b.append(m.getName()).append(" left ").append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems")
                .append(" behind (to allow one, add @SkipCheck(value = Check.X, reason = \"why\")):");
        for (Problem p : problems) {
            b.append("\n\n").append(p.check).append(": ").append(p.text);
            if (p.stack != null && p.stack.length > 0) {
                b.append(p.stackLabel);
                int from = firstCallerFrame(p.stack);
                int to = Math.min(p.stack.length, from + FRAMES);
                for (int i = from; i < to; i++) {
                    b.append("\n    at ").append(p.stack[i]);
                }
                if (p.stack.length > to) {
                    b.append("\n    ... ").append(p.stack.length - to).append(" more");
                }
            }
        }
        return b.toString();
    }

    /**
     * Where a stack leaves the JDK's and jasyncio's internals (the park, the bookkeeping of an
     * open socket), so a message starts at the call the test's code made: {@code Asyncio.sleep},
     * {@code Streams.startServer}. All of it when nothing is left.
     */
    private static int firstCallerFrame(StackTraceElement[] stack) {
        for (int i = 0; i < stack.length; i++) {
            String c = stack[i].getClassName();
            if (!c.startsWith("java.") && !c.startsWith("jdk.") && !c.startsWith("io.jasyncio.internal.")) {
                return i;
            }
        }
        return 0;
    }

    /** One thing the test left behind, under the check that catches it. */
    private record Problem(Check check, String text, StackTraceElement[] stack, Throwable cause, String stackLabel) {
        Problem(Check check, String text, StackTraceElement[] stack, Throwable cause) {
            this(check, text, stack, cause, ", suspended at:");
        }

        static Problem of(ExceptionContext c) {
            Throwable e = c.exception();
            return switch (ReportKind.of(c)) {
                case SLOW_STEP -> new Problem(Check.SLOW_STEPS, c.message(), e.getStackTrace(), null, ":");
                case RESOURCE_NEVER_CLOSED -> new Problem(Check.OPEN_RESOURCES, c.message(),
                        e != null ? e.getStackTrace() : null, null, "\n  opened at:");
                case TASK_PENDING_AT_CLOSE -> new Problem(Check.PENDING_TASKS, c.message(),
                        c.task() != null ? c.task().stack() : null, null);
                case FAILURE_NEVER_RETRIEVED, OTHER -> new Problem(Check.UNRETRIEVED_FAILURES,
                        c.message() + (e != null ? "\n  " + e : ""), null, e, "");
            };
        }
    }
}
