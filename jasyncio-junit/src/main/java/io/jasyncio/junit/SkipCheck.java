package io.jasyncio.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Turns one {@link Check} off for an {@link AsyncTest} method, or for every one in a class, and
 * says why; repeat it to turn off several.
 *
 * <pre>{@code
 * @AsyncTest
 * @SkipCheck(value = Check.PENDING_TASKS, reason = "the heartbeat task runs for the client's lifetime")
 * void reconnectsAfterAReset(EventLoop loop) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@Repeatable(SkipCheck.List.class)
public @interface SkipCheck {

    /** The check to turn off. */
    Check value();

    /** Why the test may leave this behind; required, and not blank. */
    String reason();

    /** Holds several {@link SkipCheck}s on one element. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.TYPE})
    @interface List {
        /** The checks turned off. */
        SkipCheck[] value();
    }
}
