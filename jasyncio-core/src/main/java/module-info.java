/**
 * jasyncio: Python's asyncio runtime model for Java. See {@link io.jasyncio.Asyncio}.
 */
module io.jasyncio {
    requires static jdk.unsupported;

    exports io.jasyncio;
    exports io.jasyncio.files;
    exports io.jasyncio.streams;
    exports io.jasyncio.subprocess;
    exports io.jasyncio.testing;
    exports io.jasyncio.transports;
}
