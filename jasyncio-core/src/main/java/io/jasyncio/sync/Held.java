package io.jasyncio.sync;

/**
 * What an acquisition returns: closing it releases what was acquired, so it fits
 * try-with-resources.
 *
 * <pre>{@code
 * try (var held = lock.acquire()) {
 *     update(shared);
 * }
 * }</pre>
 *
 * <p><b>Pitfalls.</b> Close it once: the handle of a lock or semaphore is shared between its
 * acquisitions (no allocation per acquire), so a second {@code close()} releases again.
 *
 * @asyncio the {@code async with lock:} protocol
 */
@FunctionalInterface
public interface Held extends AutoCloseable {

    /** Releases what was acquired; never suspends. */
    @Override
    void close();
}
