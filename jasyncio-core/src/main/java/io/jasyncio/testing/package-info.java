/**
 * Deterministic testing: loops on a {@link io.jasyncio.testing.VirtualClock}, where time moves
 * only when nothing else can happen.
 */
package io.jasyncio.testing;
