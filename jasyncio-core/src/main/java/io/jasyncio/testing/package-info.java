/**
 * Deterministic testing: loops on a {@link io.jasyncio.testing.VirtualClock}, where time moves
 * only when nothing else can happen; {@link io.jasyncio.testing.TestScheduler} to stop between
 * steps; {@link io.jasyncio.testing.ReportKind} to tell a loop's reports apart (failures never
 * retrieved, resources left open, slow steps). The JUnit 5 extension in {@code jasyncio-junit}
 * builds on these; see {@code docs/testing.md}.
 */
package io.jasyncio.testing;
