/**
 * Byte streams over TCP, TLS and Unix domain sockets, for straight-line code in tasks: open a
 * {@link io.jasyncio.streams.Connection} or start a {@link io.jasyncio.streams.Server} with
 * {@link io.jasyncio.streams.Streams}, then read with a
 * {@link io.jasyncio.streams.StreamReader} and write with a
 * {@link io.jasyncio.streams.StreamWriter} (prefer {@code send}, which applies backpressure).
 * See {@code docs/io.md}.
 */
package io.jasyncio.streams;
