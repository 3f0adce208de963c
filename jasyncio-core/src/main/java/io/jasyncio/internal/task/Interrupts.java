package io.jasyncio.internal.task;

import io.jasyncio.Task;

/**
 * Ctrl-C for {@code Asyncio.run}: on the JVM's main thread, the first SIGINT cancels the main
 * task; the handler is then restored so a second SIGINT ends the JVM as usual. Uses
 * {@code sun.misc.Signal} (module jdk.unsupported, which module io.jasyncio requires so that it
 * is there on the module path too), and does nothing where signals cannot be handled.
 */
final class Interrupts implements AutoCloseable {
    private final Object previous;

    private Interrupts(Object previous) {
        this.previous = previous;
    }

    static Interrupts cancelOnSigint(RealEventLoop loop, Task<?> main) {
        if (!"main".equals(Thread.currentThread().getName()) || Thread.currentThread().isVirtual()) {
            return new Interrupts(null);
        }
        try {
            sun.misc.Signal sig = new sun.misc.Signal("INT");
            Object[] prev = new Object[1];
            prev[0] = sun.misc.Signal.handle(sig, s -> {
                sun.misc.Signal.handle(s, (sun.misc.SignalHandler) prev[0]);
                // the loop's own inbox path: never refused by a full inbox bound; refused (false)
                // only when the run ended meanwhile, and then there is nothing left to interrupt
                loop.scheduleFromOutside(() -> main.cancel("interrupted by Ctrl-C (SIGINT)"));
            });
            return new Interrupts(prev[0]);
        } catch (Throwable e) {
            // no signal support here (another handler owns SIGINT, or the JVM runs with -Xrs)
            return new Interrupts(null);
        }
    }

    @Override
    public void close() {
        if (previous != null) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal("INT"), (sun.misc.SignalHandler) previous);
            } catch (Throwable e) {
                // best effort
            }
        }
    }
}
