package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT) cancels the main task of {@code Asyncio.run}, in a child JVM: its
 * {@code finally} runs and {@code run} throws the {@code CancelledError}, on the class path and on
 * the module path (issue 8, item 16).
 */
class SigintTest {

    /** The child's code, shared by both launches: prints "ready" from its main task, then waits. */
    private static final String CHILD_BODY = """
                public static void main(String[] args) {
                    try {
                        io.jasyncio.Asyncio.run(() -> {
                            System.out.println("ready");
                            System.out.flush();
                            try {
                                io.jasyncio.Asyncio.sleep(java.time.Duration.ofHours(1));
                            } catch (io.jasyncio.CancelledError e) {
                                System.out.println("main task cancelled: " + e.getMessage());
                                throw e;
                            } finally {
                                System.out.println("finally ran");
                            }
                            return null;
                        });
                    } catch (io.jasyncio.CancelledError e) {
                        System.out.println("run threw CancelledError");
                    }
                }
            """;

    /** The class-path child: the same body, compiled with the tests. */
    public static final class Child {
        public static void main(String[] args) {
            try {
                Asyncio.run(() -> {
                    System.out.println("ready");
                    System.out.flush();
                    try {
                        Asyncio.sleep(java.time.Duration.ofHours(1));
                    } catch (CancelledError e) {
                        System.out.println("main task cancelled: " + e.getMessage());
                        throw e;
                    } finally {
                        System.out.println("finally ran");
                    }
                    return null;
                });
            } catch (CancelledError e) {
                System.out.println("run threw CancelledError");
            }
        }
    }

    private static String javaBin() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static String engine() {
        return "-Djasyncio.engine=" + Loops.expectedEngine().name().toLowerCase(Locale.ROOT);
    }

    @Test
    void ctrlCCancelsTheMainTaskAndRunsItsFinallyOnTheClassPath() throws Exception {
        assertInterruptedCleanly(List.of(javaBin(), "--add-opens", "java.base/java.lang=ALL-UNNAMED", engine(),
                "-cp", System.getProperty("java.class.path"), Child.class.getName()));
    }

    /**
     * The child is a named module requiring only {@code io.jasyncio}: nothing else pulls in
     * {@code jdk.unsupported}, which the SIGINT handler needs.
     */
    @Test
    void ctrlCCancelsTheMainTaskAndRunsItsFinallyOnTheModulePath(@TempDir Path dir) throws Exception {
        Path core = Path.of(Asyncio.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Assumptions.assumeTrue(Files.exists(core.resolve("module-info.class")),
                "jasyncio's classes are not a module here (" + core + "): cannot test the module path");
        Path javac = Path.of(javaBin()).resolveSibling("javac");
        Assumptions.assumeTrue(Files.isExecutable(javac), "no javac next to " + javaBin()
                + ": cannot build the module-path child");
        Path src = dir.resolve("src/sigint.child");
        Files.createDirectories(src.resolve("sigint/child"));
        Files.writeString(src.resolve("module-info.java"), "module sigint.child { requires io.jasyncio; }\n");
        Files.writeString(src.resolve("sigint/child/Main.java"),
                "package sigint.child;\npublic final class Main {\n" + CHILD_BODY + "}\n");
        Path out = dir.resolve("out");
        Process compile = new ProcessBuilder(javac.toString(), "-d", out.toString(), "--module-path", core.toString(),
                src.resolve("module-info.java").toString(), src.resolve("sigint/child/Main.java").toString())
                .redirectErrorStream(true).start();
        String diagnostics = new String(compile.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(compile.waitFor()).as("compiling the module-path child: %s", diagnostics).isZero();
        assertInterruptedCleanly(List.of(javaBin(), "--add-opens", "java.base/java.lang=io.jasyncio", engine(),
                "--module-path", core + java.io.File.pathSeparator + out, "-m", "sigint.child/sigint.child.Main"));
    }

    private static void assertInterruptedCleanly(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("ready")) {
                lines.add(line);
            }
            assertThat(line).as("child output so far: %s", lines).isEqualTo("ready");
            sendSigint(p);
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
        } finally {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        assertThat(lines).as("child output").contains("main task cancelled: interrupted by Ctrl-C (SIGINT)",
                "finally ran", "run threw CancelledError");
        assertThat(p.exitValue()).as("child exit status, output %s", lines).isZero();
    }

    private static void sendSigint(Process p) throws InterruptedException {
        Process kill;
        try {
            kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
        } catch (IOException e) {
            p.destroyForcibly();
            Assumptions.abort("cannot send SIGINT here (no kill command: " + e.getMessage() + ")");
            return;
        }
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            p.destroyForcibly();
            Assumptions.abort("cannot send SIGINT here (kill -INT failed)");
        }
    }
}
