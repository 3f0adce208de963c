/**
 * File operations that keep blocking file I/O off the event loop:
 * {@link io.jasyncio.files.AsyncFiles} (whole files, copy) and
 * {@link io.jasyncio.files.FileLines} (line by line with bounded memory). See
 * {@code docs/io.md}.
 */
package io.jasyncio.files;
