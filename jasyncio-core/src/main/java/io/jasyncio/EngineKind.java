package io.jasyncio;

/**
 * How tasks run on a loop. Both give the same observable semantics: one task runs at a time,
 * only the loop decides which runs next, and a switch happens only where a task suspends.
 *
 * <p>The default is chosen once per JVM: {@link #LOOP} when the JDK lets jasyncio build virtual
 * threads with a custom scheduler (that needs {@code --add-opens java.base/java.lang=io.jasyncio},
 * or {@code =ALL-UNNAMED} on the class path; the core jar's manifest carries it for
 * {@code java -jar}), else {@link #PORTABLE}. The system property
 * {@code -Djasyncio.engine=loop|portable} forces either. The choice is logged once.
 */
public enum EngineKind {
    /**
     * Each task is a virtual thread whose scheduler is the event loop: the loop thread is the
     * only carrier, and a blocking JDK call in a task (socket I/O, {@code Thread.sleep}, a
     * contended lock) parks only that task.
     */
    LOOP,
    /**
     * Each task is a default-scheduler virtual thread; the right to run is handed between the
     * loop and one task at a time, using public APIs only. A blocking JDK call in a task holds
     * the loop until it returns, as in asyncio: move such calls to {@code toThread}.
     */
    PORTABLE
}
