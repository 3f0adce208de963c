/**
 * jasyncio: Python's asyncio runtime model for Java. See {@link io.jasyncio.Asyncio}.
 */
module io.jasyncio {
    // sun.misc.Signal, for Ctrl-C in Asyncio.run. Not "static": an optional dependency is not
    // resolved on the module path unless something else requires it, and Ctrl-C would then skip
    // every cleanup (issue 8, item 16). jdk.unsupported is in every JDK image.
    requires jdk.unsupported;

    exports io.jasyncio;
    exports io.jasyncio.files;
    exports io.jasyncio.queues;
    exports io.jasyncio.streams;
    exports io.jasyncio.subprocess;
    exports io.jasyncio.sync;
    exports io.jasyncio.testing;
    exports io.jasyncio.transports;

    uses io.jasyncio.TaskStepListener;
}
