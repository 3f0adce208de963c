/**
 * Child processes with asynchronous pipes: {@link io.jasyncio.subprocess.Subprocess} (asyncio's
 * {@code Process}), whose stdin is a {@link io.jasyncio.streams.StreamWriter} and whose
 * stdout/stderr are {@link io.jasyncio.streams.StreamReader}s, the streams package's types. The
 * blocking pipe I/O runs on pump threads, never on the loop. See {@code docs/io.md}.
 */
package io.jasyncio.subprocess;
