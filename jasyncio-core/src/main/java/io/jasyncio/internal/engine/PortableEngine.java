package io.jasyncio.internal.engine;

import java.util.concurrent.locks.LockSupport;

/**
 * The engine on public APIs only: each task is a default-scheduler virtual thread, and the
 * right to run is handed between the loop's driver thread and one task at a time.
 *
 * <p>A step is: the driver marks the fiber's turn, unparks it and parks itself; the fiber runs
 * until it suspends, marks the driver's turn, unparks it and parks. Exactly one of them runs at
 * a time, and only the loop decides who runs next, so the observable semantics match the loop
 * engine. The driver is itself a virtual thread ({@link #wantsVirtualDriver()}), so a hand-off
 * is a continuation switch on the same carrier, not an OS context switch.
 *
 * <p><b>Difference.</b> A blocking JDK call inside a task does not hand the turn back: it holds
 * the loop until it returns, as it would in asyncio. Move such calls to {@code toThread}.
 */
public final class PortableEngine implements Engine {

    private final Host host;

    public PortableEngine(Host host) {
        this.host = host;
    }


    @Override
    public boolean wantsVirtualDriver() {
        return true;
    }

    @Override
    public Fiber newFiber(String name, Runnable body, Thread.UncaughtExceptionHandler owner) {
        return new HandoffFiber(host, name, body, owner);
    }

    /**
     * A fiber and its hand-off step; {@link #run()} is the step the loop queues. The thread is
     * created by the first step (a task not yet run costs no thread), without inheriting the
     * driver's InheritableThreadLocals (as on the loop engine).
     */
    private static final class HandoffFiber extends Fiber implements Runnable {
        private final Host host;
        /** Until the first step creates the thread. */
        private String name;
        private Runnable body;
        private Thread thread;
        /** The thread that ran the last step: the one to hand the turn back to. */
        private volatile Thread driver;
        /** Turn flags: set by one side before it unparks the other; each side clears its own. */
        private volatile boolean fiberTurn;
        private volatile boolean driverTurn;
        private boolean started;

        HandoffFiber(Host host, String name, Runnable body, Thread.UncaughtExceptionHandler owner) {
            this.host = host;
            this.owner = owner;
            this.name = name;
            this.body = body;
        }

        private Thread newThread() {
            Runnable b = body;
            Thread t = Thread.ofVirtual().name(name).inheritInheritableThreadLocals(false)
                    .uncaughtExceptionHandler(owner).unstarted(() -> {
                        awaitTurn();
                        host.mounted(this);
                        try {
                            b.run();
                        } finally {
                            handBack();
                        }
                    });
            name = null;
            body = null;
            return t;
        }

        @Override
        public void start() {
            host.schedule(this);
        }

        @Override
        public void unpark() {
            host.schedule(this);
        }

        /** The step, on the driver: give the fiber the turn and wait until it hands it back. */
        @Override
        public void run() {
            driver = Thread.currentThread();
            fiberTurn = true;
            if (started) {
                LockSupport.unpark(thread);
            } else {
                started = true;
                thread = newThread();
                thread.start();
            }
            boolean interrupted = false;
            while (!driverTurn) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
            driverTurn = false;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void park() {
            handBack();
            awaitTurn();
            host.mounted(this);
        }

        @Override
        public void yieldNow() {
            host.schedule(this);
            park();
        }

        @Override
        public void startNow(Fiber caller) {
            if (caller == null) {
                run();   // on the driver: hand the turn to the new fiber until it parks
                host.mounted(null);
                return;
            }
            HandoffFiber c = (HandoffFiber) caller;
            host.runNext(c);
            host.runNext(this);
            c.park();
        }

        private void handBack() {
            driverTurn = true;
            LockSupport.unpark(driver);
        }

        private void awaitTurn() {
            boolean interrupted = false;
            while (!fiberTurn) {
                LockSupport.park(this);
                // an interrupt would make park return at once, forever: keep it for later
                interrupted |= Thread.interrupted();
            }
            fiberTurn = false;
            if (interrupted) {
                thread.interrupt();
            }
        }

        @Override
        public Thread thread() {
            return thread;
        }
    }
}
