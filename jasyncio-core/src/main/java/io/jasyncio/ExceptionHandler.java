package io.jasyncio;

/**
 * Receives failures no code is waiting for: callbacks that threw, task and future failures
 * never retrieved, and (in debug mode) slow steps. Called on the loop thread; a handler that
 * throws is logged and the loop keeps running.
 *
 * @asyncio {@code loop.set_exception_handler}
 */
@FunctionalInterface
public interface ExceptionHandler {

    /** Handles one report; must not suspend. */
    void handle(EventLoop loop, ExceptionContext context);
}
