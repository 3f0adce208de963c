/**
 * A JUnit 5 extension for jasyncio: async tests on a fresh loop in virtual time, on both engines,
 * failing on what they leave behind. See {@link io.jasyncio.junit.AsyncTest}.
 */
module io.jasyncio.junit {
    requires transitive io.jasyncio;
    requires transitive org.junit.jupiter.api;

    exports io.jasyncio.junit;
}
