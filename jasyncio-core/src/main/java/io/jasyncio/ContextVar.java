package io.jasyncio;

import io.jasyncio.internal.task.ContextMap;
import io.jasyncio.internal.task.Contexts;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A variable whose value belongs to the running task (or callback, or thread): set a request id
 * in a request handler, and every task that handler creates, every callback and timer it
 * schedules and every {@code toThread} call it makes sees it, while other requests see theirs.
 *
 * <p><b>Contexts.</b> Every task runs in a copy of the context of the code that created it, taken
 * at {@code createTask}; callbacks and timers run in a copy of the context of the code that
 * scheduled them; a {@code toThread} worker in a copy of the calling task's. A change made in a
 * child is invisible to its parent and siblings, and a change made after the child was created
 * is invisible to the child. Copying is O(1): a context is an immutable hash trie and a copy is
 * the same reference; {@link #set} makes a new version in O(log n) for n variables set.
 * Outside any loop (the main thread, a thread of your own) each thread has its own context.
 *
 * <p><b>Threads.</b> A variable may be shared by all threads; what it reads and writes is the
 * calling code's context, which only that code touches.
 *
 * <p><b>Comparison.</b> Python's {@code contextvars.ContextVar}. Unlike a {@code ThreadLocal} it
 * is inherited by the tasks and thread calls it starts; unlike a {@code ScopedValue} it can be
 * set in the middle of a task and reset with a token.
 *
 * <p><b>Example.</b>
 * <pre>{@code
 * static final ContextVar<String> REQUEST_ID = ContextVar.named("requestId");
 * void handle(Request r) {
 *     REQUEST_ID.set(r.id());
 *     Asyncio.createTask(() -> audit(r));     // sees r.id() too
 * }
 * }</pre>
 *
 * @param <T> the value type
 * @asyncio {@code contextvars.ContextVar}
 */
public final class ContextVar<T> {
    private static final AtomicInteger IDS = new AtomicInteger();

    private final String name;
    /** Bijective in the id (odd multiplier), so hashes of distinct variables differ (ContextMap C1). */
    private final int hash = IDS.incrementAndGet() * 0x9E3779B1;
    private final T defaultValue;
    private final boolean hasDefault;

    private ContextVar(String name, T defaultValue, boolean hasDefault) {
        this.name = Objects.requireNonNull(name, "name");
        this.defaultValue = defaultValue;
        this.hasDefault = hasDefault;
    }

    /** A variable without a default: {@link #get()} throws until it is set. */
    public static <T> ContextVar<T> named(String name) {
        return new ContextVar<>(name, null, false);
    }

    /** A variable whose value is {@code defaultValue} until it is set. */
    public static <T> ContextVar<T> withDefault(String name, T defaultValue) {
        return new ContextVar<>(name, defaultValue, true);
    }

    /** The variable's name, for messages and logging. */
    public String name() {
        return name;
    }

    /**
     * The value in the calling code's context, else the variable's default.
     *
     * @throws NoSuchElementException if the variable is not set and has no default
     * @asyncio {@code ContextVar.get()}
     */
    @SuppressWarnings("unchecked")
    public T get() {
        Object v = Contexts.current().get(this, hash);
        if (v != ContextMap.MISSING) {
            return (T) v;
        }
        if (hasDefault) {
            return defaultValue;
        }
        throw new NoSuchElementException("context variable '" + name + "' is not set in this context: set it "
                + "before creating the task that reads it, or use get(default) / ContextVar.withDefault");
    }

    /**
     * The value in the calling code's context, else {@code fallback} (even if the variable has a
     * default).
     *
     * @asyncio {@code ContextVar.get(default)}
     */
    @SuppressWarnings("unchecked")
    public T get(T fallback) {
        Object v = Contexts.current().get(this, hash);
        return v != ContextMap.MISSING ? (T) v : fallback;
    }

    /** Whether the variable has a value in the calling code's context (defaults do not count). */
    public boolean isSet() {
        return Contexts.current().get(this, hash) != ContextMap.MISSING;
    }

    /**
     * Sets the value in the calling code's context; tasks and callbacks created from now on
     * inherit it, those created before do not see it.
     *
     * @return a token that {@link #reset} uses to restore the previous value
     * @asyncio {@code ContextVar.set(value)}
     */
    public Token<T> set(T value) {
        ContextMap c = Contexts.current();
        Token<T> token = new Token<>(this, c.get(this, hash), Contexts.holder());
        Contexts.replace(c.with(this, hash, value));
        return token;
    }

    /**
     * Restores the value this variable had before the {@link #set} that returned {@code token}.
     *
     * @throws IllegalArgumentException if the token belongs to another variable
     * @throws IllegalStateException if the token was used already, or was made in another
     *     context (another task, callback or thread)
     * @asyncio {@code ContextVar.reset(token)}
     */
    public void reset(Token<T> token) {
        if (token.var != this) {
            throw new IllegalArgumentException(token + " was made by another variable; reset it with "
                    + token.var.name + ".reset(token)");
        }
        if (token.used) {
            throw new IllegalStateException(token + " was used already: a token resets once");
        }
        if (token.holder != Contexts.holder()) {
            throw new IllegalStateException(token + " was made in another context (task, callback or "
                    + "thread): reset a variable where it was set");
        }
        token.used = true;
        ContextMap c = Contexts.current();
        Contexts.replace(c.with(this, hash, token.old));
    }

    @Override
    public String toString() {
        return "ContextVar[" + name + "]";
    }

    /**
     * What {@link ContextVar#set} returns: enough to restore the previous value once.
     *
     * @param <T> the variable's type
     * @asyncio {@code contextvars.Token}
     */
    public static final class Token<T> {
        private final ContextVar<T> var;
        private final Object old;
        private final Object holder;
        private boolean used;

        private Token(ContextVar<T> var, Object old, Object holder) {
            this.var = var;
            this.old = old;
            this.holder = holder;
        }

        /** The variable that made this token. */
        public ContextVar<T> var() {
            return var;
        }

        /** Whether the variable had no value before the {@code set} (reset then unsets it). */
        public boolean wasUnset() {
            return old == ContextMap.MISSING;
        }

        @Override
        public String toString() {
            return "Token[" + var.name + (used ? ", used" : "") + "]";
        }
    }
}
