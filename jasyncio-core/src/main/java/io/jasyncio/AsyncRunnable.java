package io.jasyncio;

/**
 * A task body with no value that may throw checked exceptions; see {@link AsyncCallable}.
 */
@FunctionalInterface
public interface AsyncRunnable {

    /**
     * Runs the body; may suspend.
     *
     * @throws Exception any failure, delivered to the awaiter
     */
    void run() throws Exception;
}
