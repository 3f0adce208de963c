/**
 * The low-level network API: a {@link io.jasyncio.transports.Transport} driven by the loop's
 * selector feeds a {@link io.jasyncio.transports.Protocol}'s callbacks; UDP has
 * {@link io.jasyncio.transports.DatagramTransport} and the suspending
 * {@link io.jasyncio.transports.DatagramEndpoint}. Most stream programs want
 * {@link io.jasyncio.streams}. See {@code docs/io.md}.
 */
package io.jasyncio.transports;
