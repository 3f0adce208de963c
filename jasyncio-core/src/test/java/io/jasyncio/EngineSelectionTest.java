package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The suite runs once per engine; this names the engine of each run and checks it is the one asked for. */
class EngineSelectionTest {

    @Test
    void suiteRunsOnTheEngineItsExecutionSelected() {
        EngineKind expected = Loops.expectedEngine();
        System.out.println("[jasyncio] test suite engine: " + expected.name().toLowerCase(java.util.Locale.ROOT));
        assertThat(Asyncio.defaultEngine()).isEqualTo(expected);
        EngineKind seen = Loops.runVirtual(() -> Asyncio.runningLoop().engine());
        assertThat(seen).isEqualTo(expected);
    }

    @Test
    void everyTaskIsItsOwnVirtualThreadNamedAfterTheTask() {
        String[] names = Loops.runVirtual(() -> {
            Task<String> a = Asyncio.createTask("alpha", () -> Thread.currentThread().getName());
            Task<String> b = Asyncio.createTask("beta", () -> Thread.currentThread().isVirtual() ? "virtual" : "platform");
            return new String[] {a.await(), b.await(), Thread.currentThread().getName()};
        });
        assertThat(names).containsExactly("alpha", "virtual", "main");
    }
}
