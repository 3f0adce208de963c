package io.jasyncio.internal.engine;

import java.lang.reflect.Constructor;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

/**
 * The default engine: virtual threads whose scheduler is the event loop.
 *
 * <p>The JDK builds such threads through the package-private
 * {@code java.lang.ThreadBuilders.VirtualThreadBuilder(Executor)}; the executor we pass is the
 * loop's ready queue. When a task parks, its continuation unmounts and the JDK hands the
 * "run me again" step to that executor on unpark, so a task switch is a park plus a queue
 * append, and the loop thread is the only carrier. A blocking JDK call inside a task (socket
 * I/O, {@code Thread.sleep}, a contended lock) parks only that task: the JDK's own poller or
 * timer thread unparks it, which goes through {@link Host#schedule} from a foreign thread.
 *
 * <p>Reaching the builder needs {@code --add-opens java.base/java.lang=<module or ALL-UNNAMED>}
 * (the core jar's manifest carries {@code Add-Opens} for {@code java -jar}).
 */
public final class LoopEngine implements Engine {

    private static final Constructor<?> BUILDER = findBuilder();
    /** The JDK's own virtual-thread scheduler, or null when it cannot be reached. */
    private static final Executor JDK_SCHEDULER = findJdkScheduler();

    private final Host host;

    public LoopEngine(Host host) {
        if (BUILDER == null) {
            throw new IllegalStateException("the loop engine needs --add-opens java.base/java.lang="
                    + "io.jasyncio (module path) or =ALL-UNNAMED (class path); use the portable engine "
                    + "(-Djasyncio.engine=portable) or add the flag");
        }
        this.host = host;
    }

    /** Whether this JVM lets jasyncio build virtual threads with a custom scheduler. */
    public static boolean available() {
        return BUILDER != null;
    }

    private static Constructor<?> findBuilder() {
        try {
            Class<?> c = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            Constructor<?> ctor = c.getDeclaredConstructor(Executor.class);
            ctor.setAccessible(true);
            // a JVM without continuation support throws UnsupportedOperationException here
            ctor.newInstance((Executor) Runnable::run);
            return ctor;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }


    private static Executor findJdkScheduler() {
        try {
            java.lang.reflect.Field f = Class.forName("java.lang.VirtualThread").getDeclaredField("DEFAULT_SCHEDULER");
            f.setAccessible(true);
            return (Executor) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * A thread-safe factory of virtual threads on the JDK's default scheduler, whatever thread
     * calls it.
     *
     * <p>Why: a virtual thread created by a virtual thread inherits its scheduler, so one created
     * from a loop-engine task would run on the event loop, and a blocking call there (file I/O,
     * CPU work) would hold the loop. Work meant to leave the loop ({@code toThread}, pipe pumps,
     * file reads) gets its threads from here. When the loop engine is unavailable no thread has
     * the loop as scheduler, and a plain {@code Thread.ofVirtual()} factory is the same thing.
     */
    public static java.util.concurrent.ThreadFactory jdkSchedulerFactory(String prefix) {
        if (BUILDER != null && JDK_SCHEDULER != null) {
            try {
                Thread.Builder.OfVirtual b = (Thread.Builder.OfVirtual) BUILDER.newInstance(JDK_SCHEDULER);
                return b.name(prefix, 0).factory();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot build virtual threads on the JDK scheduler", e);
            }
        }
        return Thread.ofVirtual().name(prefix, 0).factory();
    }

    @Override
    public boolean wantsVirtualDriver() {
        return false;
    }

    @Override
    public Fiber newFiber(String name, Runnable body, Thread.UncaughtExceptionHandler owner) {
        LoopFiber f = new LoopFiber(this, name, body);
        f.owner = owner;
        return f;
    }

    /**
     * A task's fiber. Its virtual thread is created only by its first step, on the loop: a task
     * that is created but has not run yet (a TaskGroup spawning 200k children) costs a few
     * small objects instead of a thread and its continuation.
     *
     * <p>The fiber is its thread's scheduler (one builder per thread), so each time the JDK
     * submits the thread's continuation, whoever unparked it (the loop, the JDK's poller after a
     * blocking call, a timer), the fiber knows it is its own: the step it queues,
     * {@link #resume}, records the fiber as mounted before running the continuation. The loop
     * then always knows which task a step runs, which the slow-step report and the confinement
     * checks need (issue 8, item 17).
     */
    private static final class LoopFiber extends Fiber implements Runnable, Executor {
        private final Host host;
        /** The thread's name and body until the first step creates it; then only body. */
        private String name;
        private final Runnable body;
        /** Null until the first step. */
        private Thread thread;
        /**
         * Set by the first step right before {@code Thread.start()}: the JDK's first submit then
         * runs the continuation at once, in the step, instead of queueing it behind everything
         * scheduled since the task was created. Loop-confined.
         */
        private boolean startInline;
        /**
         * The step that resumes the thread: built on the first submit, reused for every later
         * one (the JDK submits the same continuation object each time), so resuming allocates
         * nothing. Written on the loop before any other thread can submit the fiber.
         */
        private Resume resume;
        /**
         * Set while this fiber yields to start {@code eagerChild} (startNow): the resume it
         * submits goes to {@code runNext}, behind the child's first step. Loop-confined.
         */
        private LoopFiber eagerChild;
        /** Written by unpark (loop context), read by park (same carrier): no race. */
        private boolean permit;
        /**
         * Non-zero while the fiber is inside {@link #park()}; read by the watchdog thread. A park
         * that unmounts leaves the loop's step, so a step that is still running while this is set
         * is a pinned park.
         */
        private volatile long parkSince;
        /** Set by the watchdog before it unparks a pinned fiber. */
        private volatile StackTraceElement[] pinnedAt;

        LoopFiber(LoopEngine engine, String name, Runnable body) {
            this.host = engine.host;
            this.name = name;
            this.body = body;
        }

        /** The first step, on the loop: create the thread and run it until it first parks. */
        @Override
        public void run() {
            try {
                // task threads do not inherit InheritableThreadLocals: they are created by the
                // loop's driver, whose values would leak into every task (context variables are
                // the way to hand values to child tasks)
                thread = ((Thread.Builder.OfVirtual) BUILDER.newInstance(this)).inheritInheritableThreadLocals(false)
                        .name(name).uncaughtExceptionHandler(owner).unstarted(body);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create a virtual thread builder for the loop", e);
            }
            name = null;
            host.mounted(this);
            startInline = true;
            try {
                thread.start();
            } finally {
                startInline = false;
            }
        }

        /** The JDK submits this thread's continuation: at once for the first step, else queued. */
        @Override
        public void execute(Runnable continuation) {
            if (startInline) {
                startInline = false;
                resume = new Resume(this, continuation);
                continuation.run();
                return;
            }
            Resume r = resume;
            if (r.continuation != continuation) {
                // the JDK of today submits one object per thread; should one submit another, run
                // that one rather than a stale continuation
                r = new Resume(this, continuation);
            }
            if (eagerChild != null) {
                // the yield of startNow, submitted on the driver once this thread unmounted
                LoopFiber child = eagerChild;
                eagerChild = null;
                host.runNext(r);
                host.runNext(child);
            } else {
                host.schedule(r);
            }
        }

        @Override
        public void startNow(Fiber caller) {
            if (caller == null) {
                run();
                host.mounted(null);   // back in the plain callback that called
                return;
            }
            LoopFiber c = (LoopFiber) caller;
            c.eagerChild = this;
            Thread.yield();
            if (c.eagerChild != null) {
                // a thread that cannot unmount (pinned) does not yield: the new fiber then
                // starts right after the caller's step, still ahead of everything queued
                c.eagerChild = null;
                host.runNext(this);
            }
        }

        @Override
        public void start() {
            host.schedule(this);
        }

        @Override
        public void unpark() {
            permit = true;
            LockSupport.unpark(thread);
        }

        @Override
        public void park() {
            parkSince = System.nanoTime();
            boolean interrupted = false;
            try {
                while (!permit) {
                    LockSupport.park(this);
                    // an interrupt would make park return at once, forever: keep it for later
                    interrupted |= Thread.interrupted();
                    StackTraceElement[] pinned = pinnedAt;
                    if (pinned != null) {
                        pinnedAt = null;
                        throw new PinnedSuspensionException(pinnedMessage(thread, pinned));
                    }
                }
                permit = false;
            } finally {
                parkSince = 0;
                if (interrupted) {
                    thread.interrupt();
                }
            }
        }

        @Override
        public void yieldNow() {
            Thread.yield();
        }

        @Override
        public Thread thread() {
            return thread;
        }

        @Override
        public long pinnedParkSince() {
            long since = parkSince;
            return since == 0 ? -1 : System.nanoTime() - since;
        }

        @Override
        public void failPinned(StackTraceElement[] stack) {
            pinnedAt = stack;
            LockSupport.unpark(thread);
        }
    }

    /** The step that resumes a fiber's thread: records the fiber as mounted, then continues it. */
    private static final class Resume implements Runnable {
        private final LoopFiber fiber;
        final Runnable continuation;

        Resume(LoopFiber fiber, Runnable continuation) {
            this.fiber = fiber;
            this.continuation = continuation;
        }

        @Override
        public void run() {
            fiber.host.mounted(fiber);
            continuation.run();
        }

        @Override
        public String toString() {
            Thread t = fiber.thread;
            return "resume of " + (t != null ? t.getName() : "a task");
        }
    }

    /** Names the frame that pinned the thread: a native method or a class initializer. */
    static String pinnedMessage(Thread t, StackTraceElement[] stack) {
        String cause = "a frame the JDK cannot unmount";
        // the pinning frame is below the park itself, whose top frame (Unsafe.park) is native too
        // (PinnedSuspensionTest#onTheLoopEngineASuspensionInAClassInitializerFailsNamingItAndTheLoopCarriesOn)
        int from = 0;
        for (int i = 0; i < stack.length; i++) {
            if (stack[i].getClassName().equals(LoopFiber.class.getName()) && stack[i].getMethodName().equals("park")) {
                from = i + 1;
            }
        }
        for (int i = from; i < stack.length; i++) {
            StackTraceElement e = stack[i];
            if (e.isNativeMethod()) {
                cause = "a native frame " + e;
                break;
            }
            if ("<clinit>".equals(e.getMethodName())) {
                cause = "a class initializer " + e;
                break;
            }
        }
        return "task thread '" + t.getName() + "' tried to suspend while pinned to the loop thread by "
                + cause + "; the loop could not run anything else. Do not await inside class "
                + "initializers or native callbacks: move the await out, or run that code with "
                + "toThread(...)";
    }
}
