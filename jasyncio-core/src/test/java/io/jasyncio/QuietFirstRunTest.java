package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A program's first run prints only what the program prints: no engine banner or other log
 * record on stderr, with or without the flag that enables the loop engine (child JVMs with
 * the JDK's default logging configuration).
 */
class QuietFirstRunTest {

    /** The child: the README's first program. */
    public static final class Child {
        public static void main(String[] args) {
            String greeting = Asyncio.run(() -> {
                Task<String> name = Asyncio.createTask("lookup", () -> "world");
                return "hello " + name.await();
            });
            System.out.println(greeting + " on " + Asyncio.defaultEngine());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void firstRunPrintsNothingButTheProgramsOutput(boolean addOpens) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        if (addOpens) {
            cmd.addAll(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED"));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Child.class.getName()));
        Process p = new ProcessBuilder(cmd).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(err).as("stderr of the first run").isEmpty();
        assertThat(out).isEqualTo("hello world on " + (addOpens ? EngineKind.LOOP : EngineKind.PORTABLE)
                + System.lineSeparator());
        assertThat(p.exitValue()).isZero();
    }
}
