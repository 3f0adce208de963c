package io.jasyncio;

import java.util.List;
import java.util.Objects;
import java.util.ResourceBundle;
import java.util.function.Supplier;

/**
 * A {@link System.Logger} that starts every message with the current values of chosen
 * {@link ContextVar}s, so a request id set in a request handler appears in every line that
 * request's tasks, callbacks and thread calls log.
 *
 * <pre>{@code
 * static final ContextVar<String> REQUEST_ID = ContextVar.named("requestId");
 * static final System.Logger LOG = ContextLogger.of(System.getLogger("shop"), REQUEST_ID);
 * LOG.log(INFO, "charging {0}", amount);   // "[requestId=r-17] charging 12.50"
 * }</pre>
 *
 * <p>Variables without a value in the current context are left out; with none set, the message
 * is passed on unchanged. The values are read when the line is logged, in the calling code's
 * context, so they are right however the task got there. With SLF4J, the {@code jasyncio-slf4j}
 * module maps context variables to the MDC instead.
 *
 * <p><b>Threads.</b> Thread-safe, like the logger it wraps.
 */
public final class ContextLogger implements System.Logger {
    private final System.Logger delegate;
    private final List<ContextVar<?>> vars;

    private ContextLogger(System.Logger delegate, List<ContextVar<?>> vars) {
        this.delegate = delegate;
        this.vars = vars;
    }

    /** Wraps {@code delegate}, prefixing messages with {@code vars} in this order. */
    public static System.Logger of(System.Logger delegate, ContextVar<?>... vars) {
        return new ContextLogger(Objects.requireNonNull(delegate, "delegate"), List.of(vars));
    }

    /** The prefix for the current context, like {@code "[requestId=r-17 user=ann] "}, or "". */
    public String prefix() {
        StringBuilder sb = null;
        for (ContextVar<?> v : vars) {
            if (!v.isSet()) {
                continue;
            }
            sb = sb == null ? new StringBuilder("[") : sb.append(' ');
            sb.append(v.name()).append('=').append(v.get(null));
        }
        return sb == null ? "" : sb.append("] ").toString();
    }

    @Override
    public String getName() {
        return delegate.getName();
    }

    @Override
    public boolean isLoggable(Level level) {
        return delegate.isLoggable(level);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        if (delegate.isLoggable(level)) {
            delegate.log(level, bundle, prefix() + msg, thrown);
        }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        if (delegate.isLoggable(level)) {
            delegate.log(level, bundle, prefix() + format, params);
        }
    }

    @Override
    public void log(Level level, Supplier<String> msgSupplier) {
        if (delegate.isLoggable(level)) {
            String p = prefix();
            delegate.log(level, () -> p + msgSupplier.get());
        }
    }

    @Override
    public String toString() {
        return "ContextLogger[" + delegate.getName() + ", " + vars + "]";
    }
}
