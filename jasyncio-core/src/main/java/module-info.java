/**
 * jasyncio: Python's asyncio runtime model for Java. See {@link io.jasyncio.Asyncio}.
 */
module io.jasyncio {
    requires static jdk.unsupported;

    exports io.jasyncio;
    exports io.jasyncio.queues;
    exports io.jasyncio.sync;
    exports io.jasyncio.testing;

    uses io.jasyncio.TaskStepListener;
}
