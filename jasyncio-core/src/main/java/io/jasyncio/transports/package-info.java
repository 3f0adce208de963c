/**
 * The low-level network API: a {@link io.jasyncio.transports.Transport} driven by the loop's
 * selector feeds a {@link io.jasyncio.transports.Protocol}'s callbacks. Most programs want
 * {@link io.jasyncio.streams}. See {@code docs/io.md}.
 */
package io.jasyncio.transports;
