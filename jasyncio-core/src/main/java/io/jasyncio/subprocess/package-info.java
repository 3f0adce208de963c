/**
 * Child processes with asynchronous pipes: {@link io.jasyncio.subprocess.Subprocess} (asyncio's
 * {@code Process}), its stdin {@link io.jasyncio.subprocess.PipeWriter} and its stdout/stderr
 * {@link io.jasyncio.subprocess.PipeReader}s. The blocking pipe I/O runs on pump threads, never
 * on the loop. See {@code docs/subprocess-files-udp.md}.
 */
package io.jasyncio.subprocess;
