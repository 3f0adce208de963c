package io.jasyncio;

import java.util.List;

/**
 * Several failures that happened together: every non-cancellation failure of a
 * {@link TaskGroup}'s children (and of its body), in the order they happened.
 *
 * <p>The failures are the original throwables ({@link #exceptions()}); nested groups are kept as
 * they are. Each is also a {@linkplain #getSuppressed() suppressed} exception, so
 * {@code printStackTrace} prints every child's trace.
 *
 * @asyncio {@code ExceptionGroup} / {@code BaseExceptionGroup}
 */
public final class ExceptionGroup extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The failures, never empty. */
    private final transient List<Throwable> exceptions;

    /**
     * A group of {@code exceptions}.
     *
     * @throws IllegalArgumentException if {@code exceptions} is empty
     */
    public ExceptionGroup(String message, List<? extends Throwable> exceptions) {
        super(message + " (" + exceptions.size() + " sub-exception" + (exceptions.size() == 1 ? "" : "s") + ")");
        if (exceptions.isEmpty()) {
            throw new IllegalArgumentException("an ExceptionGroup needs at least one exception");
        }
        this.exceptions = List.copyOf(exceptions);
        for (Throwable t : this.exceptions) {
            addSuppressed(t);
        }
    }

    /** The failures, in the order they happened. */
    public List<Throwable> exceptions() {
        return exceptions;
    }

    /** Whether some failure in this group, or in a nested group, is an instance of {@code type}. */
    public boolean contains(Class<? extends Throwable> type) {
        for (Throwable t : exceptions) {
            if (type.isInstance(t) || (t instanceof ExceptionGroup g && g.contains(type))) {
                return true;
            }
        }
        return false;
    }
}
