package io.jasyncio.slf4j;

import io.jasyncio.ContextVar;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.MDC;

/**
 * Chooses which {@link ContextVar}s appear in SLF4J's {@link MDC} while a task runs.
 *
 * <pre>{@code
 * static final ContextVar<String> REQUEST_ID = ContextVar.named("requestId");
 * static { MdcContext.map(REQUEST_ID, "requestId"); }   // once, at start-up
 * // a logback pattern with %X{requestId} now shows each request's id in every line its tasks log
 * }</pre>
 *
 * <p><b>How.</b> With this module on the class or module path, the core finds
 * {@link MdcStepListener} through {@link java.util.ServiceLoader}. At the start of every task
 * step (a task's first run, and each resumption after a suspension) it puts the mapped
 * variables' values in the MDC of the task's thread, and removes them when the step ends. Every
 * task is its own virtual thread, so tasks never see each other's MDC entries. A value set in
 * the middle of a step is in the MDC at once. Offloaded calls ({@code Asyncio.toThread},
 * {@code compute}, {@code runInExecutor}) see their caller's values on the worker thread for
 * the duration of the call, as Python's {@code to_thread} carries its context. Loop callbacks
 * are not covered (their thread runs every callback of the loop): log there with
 * {@code io.jasyncio.ContextLogger}, or call {@link #apply()} yourself.
 *
 * <p><b>Threads.</b> {@link #map} may be called from any thread, best once at start-up; the
 * mapping is read on every task step.
 */
public final class MdcContext {
    /** One mapping: a variable and its MDC key. */
    record Mapping(ContextVar<?> var, String key) {
    }

    /** Read on every step, written rarely: copy-on-write. */
    static final List<Mapping> MAPPINGS = new CopyOnWriteArrayList<>();

    private MdcContext() {
    }

    /**
     * Puts {@code var}'s value under {@code mdcKey} in the MDC during every task step (nothing
     * when the variable is unset there).
     *
     * @throws IllegalArgumentException if {@code mdcKey} is mapped already
     */
    public static void map(ContextVar<?> var, String mdcKey) {
        Objects.requireNonNull(var, "var");
        Objects.requireNonNull(mdcKey, "mdcKey");
        synchronized (MAPPINGS) {
            for (Mapping m : MAPPINGS) {
                if (m.key().equals(mdcKey)) {
                    throw new IllegalArgumentException("MDC key '" + mdcKey + "' is already mapped to " + m.var()
                            + "; unmap it first or choose another key");
                }
            }
            MAPPINGS.add(new Mapping(var, mdcKey));
        }
    }

    /** {@link #map(ContextVar, String)} under the variable's own name. */
    public static void map(ContextVar<?> var) {
        map(var, var.name());
    }

    /** Stops mapping {@code mdcKey}; returns whether it was mapped. */
    public static boolean unmap(String mdcKey) {
        return MAPPINGS.removeIf(m -> m.key().equals(mdcKey));
    }

    /**
     * Copies the mapped variables of the calling code's context into the calling thread's MDC
     * now (for code outside task steps, or right after a {@code set}).
     */
    public static void apply() {
        for (Mapping m : MAPPINGS) {
            Object v = m.var().get(null);
            if (v != null) {
                MDC.put(m.key(), String.valueOf(v));
            } else {
                MDC.remove(m.key());
            }
        }
    }

    /** Removes the mapped keys from the calling thread's MDC. */
    public static void clear() {
        for (Mapping m : MAPPINGS) {
            MDC.remove(m.key());
        }
    }
}
