/**
 * SLF4J integration for jasyncio: context variables in the MDC. See {@link io.jasyncio.slf4j.MdcContext}.
 */
module io.jasyncio.slf4j {
    requires io.jasyncio;
    requires org.slf4j;

    exports io.jasyncio.slf4j;

    provides io.jasyncio.TaskStepListener with io.jasyncio.slf4j.MdcStepListener;
}
