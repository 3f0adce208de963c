package io.jasyncio.internal.loop;

/**
 * The attachment of every selection key the loop owns: told which operations are ready, it
 * queues its own callbacks (through {@link SelectorLoop#scheduleLocal}) or handles them at once.
 */
public interface IoReady {

    /** Called in the poll phase with {@link java.nio.channels.SelectionKey#readyOps()}. */
    void ioReady(int readyOps);
}
