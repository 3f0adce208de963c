package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.Asyncio;
import io.jasyncio.EngineKind;
import org.junit.jupiter.api.Test;

class HelloTest {
    @Test
    void runsOnTheEngineTheReadmePromises() {
        assertEquals("hello world", Hello.greeting());
        assertEquals(EngineKind.valueOf(System.getProperty("expected.engine")), Asyncio.defaultEngine());
    }
}
