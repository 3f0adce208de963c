/**
 * Fair, cancellation-safe coordination between the tasks of one event loop: {@link
 * io.jasyncio.sync.AsyncLock}, {@link io.jasyncio.sync.Event}, {@link
 * io.jasyncio.sync.AsyncCondition}, {@link io.jasyncio.sync.AsyncSemaphore}, {@link
 * io.jasyncio.sync.AsyncBoundedSemaphore}, {@link io.jasyncio.sync.Barrier} and {@link
 * io.jasyncio.sync.CapacityLimiter}.
 *
 * <p>Every primitive wakes waiters in FIFO order and hands a released resource straight to the
 * first waiter, so a task that releases and re-acquires at once never barges ahead. A task
 * cancelled while it waits takes nothing; one cancelled in the loop iteration it was woken
 * passes its wake-up on. All are loop-confined: each binds to the loop of its first use from a
 * task or callback, whatever the call (a {@code tryAcquire} or {@code set} binds as a wait does),
 * and then refuses every call from another thread while that loop runs, with a
 * {@code WrongThreadException} naming {@code loop.callSoonThreadsafe}. Values fixed at
 * construction and {@code toString()} are readable from any thread. See
 * {@code docs/coordination.md}.
 */
package io.jasyncio.sync;
