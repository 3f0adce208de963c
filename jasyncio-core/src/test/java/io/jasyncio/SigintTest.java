package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Ctrl-C (SIGINT) cancels the main task of {@code Asyncio.run}, in a child JVM. */
class SigintTest {

    /** The child: prints "ready" from its main task, then waits to be interrupted. */
    public static final class Child {
        public static void main(String[] args) {
            try {
                Asyncio.run(() -> {
                    System.out.println("ready");
                    System.out.flush();
                    try {
                        Asyncio.sleep(Duration.ofHours(1));
                    } catch (CancelledError e) {
                        System.out.println("main task cancelled: " + e.getMessage());
                        throw e;
                    }
                    return null;
                });
            } catch (CancelledError e) {
                System.out.println("run threw CancelledError");
            }
        }
    }

    @Test
    void ctrlCCancelsTheMainTask() throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(javaBin, "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-Djasyncio.engine=" + Loops.expectedEngine().name().toLowerCase(java.util.Locale.ROOT),
                "-cp", System.getProperty("java.class.path"), Child.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("ready")) {
                lines.add(line);
            }
            assertThat(line).as("child output so far: %s", lines).isEqualTo("ready");
            assertThat(new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor(10, TimeUnit.SECONDS)).isTrue();
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
        } finally {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        assertThat(lines).contains("main task cancelled: interrupted by Ctrl-C (SIGINT)", "run threw CancelledError");
        assertThat(p.exitValue()).isZero();
    }
}
