/**
 * The JUnit 5 extension: {@link io.jasyncio.junit.AsyncTest} runs a test method as the main task
 * of a fresh event loop and fails it on tasks left pending, failures never retrieved, resources
 * left open and steps that held the loop too long ({@link io.jasyncio.junit.Check});
 * {@link io.jasyncio.junit.SkipCheck} turns one off, with a reason. See {@code docs/testing.md}.
 */
package io.jasyncio.junit;
