/**
 * Message passing with backpressure between the tasks of one event loop: the bounded queues
 * {@link io.jasyncio.queues.AsyncQueue}, {@link io.jasyncio.queues.AsyncPriorityQueue} and
 * {@link io.jasyncio.queues.AsyncLifoQueue} (asyncio's), and {@link
 * io.jasyncio.queues.MemoryChannel} with its {@link io.jasyncio.queues.SendChannel} and
 * {@link io.jasyncio.queues.ReceiveChannel} ends (Trio's). All are fair and cancellation-safe,
 * and loop-confined from their first use in a loop, whatever the call ({@code putNowait} and
 * {@code trySend} bind as waits do); see {@code docs/coordination.md}.
 */
package io.jasyncio.queues;
