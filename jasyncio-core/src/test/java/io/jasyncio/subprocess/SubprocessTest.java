package io.jasyncio.subprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.LoopOptions;
import io.jasyncio.Loops;
import io.jasyncio.Task;
import io.jasyncio.streams.IncompleteReadException;
import io.jasyncio.streams.LimitOverrunException;
import io.jasyncio.streams.StreamReader;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SubprocessTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Nested
    class Communicate {
        @Test
        void catRoundTripsTenMebibytesEachWay() {
            byte[] input = new byte[10 * 1024 * 1024];
            new Random(42).nextBytes(input);
            Subprocess.Result r = Asyncio.run(() -> {
                try (Subprocess p = Subprocess.exec("cat")) {
                    return p.communicate(input);
                }
            });
            assertThat(r.returnCode()).isZero();
            assertThat(r.stdout()).isEqualTo(input);
            assertThat(r.stderr()).isEmpty();
        }

        @Test
        void largeStdoutAndStderrTogetherDoNotDeadlock() {
            // both outputs exceed the pipe reader's budget many times over
            Subprocess.Result r = Asyncio.run(() -> {
                try (Subprocess p = Subprocess.shell("head -c 3000000 /dev/zero; head -c 3000000 /dev/zero >&2; exit 4")) {
                    return p.communicate(null);
                }
            });
            assertThat(r.returnCode()).isEqualTo(4);
            assertThat(r.stdout()).hasSize(3_000_000);
            assertThat(r.stderr()).hasSize(3_000_000);
        }

        @Test
        void stderrIsKeptApartFromStdout() {
            Subprocess.Result r = Asyncio.run(() -> {
                try (Subprocess p = Subprocess.shell("echo out; echo err >&2")) {
                    return p.communicate(null);
                }
            });
            assertThat(text(r.stdout())).isEqualTo("out\n");
            assertThat(text(r.stderr())).isEqualTo("err\n");
        }

        @Test
        void childThatIgnoresItsInputIsNotAnError() {
            byte[] input = new byte[4 * 1024 * 1024];
            Subprocess.Result r = Asyncio.run(() -> {
                try (Subprocess p = Subprocess.exec("true")) {
                    return p.communicate(input);
                }
            });
            assertThat(r.returnCode()).isZero();
        }

        @Test
        void cancelledCommunicateKillsTheChildAndLeavesNoDescriptorOpen() throws Exception {
            warmUp();
            int before = openDescriptors();
            Asyncio.run(() -> {
                try (Subprocess p = Subprocess.exec("sleep", "30")) {
                    Task<Subprocess.Result> t = Asyncio.createTask("talk", () -> p.communicate(null));
                    Asyncio.yieldNow(); // t runs until it waits for output
                    assertThat(t.isDone()).isFalse();
                    t.cancel("enough");
                    assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
                    assertThat(p.waitFor()).isEqualTo(137); // 128 + SIGKILL
                }
            });
            awaitDescriptorsBackTo(before);
        }

        @Test
        void cancelledCommunicateWithUnreadInputFreesTheBlockedWriter() throws Exception {
            warmUp();
            int before = openDescriptors();
            byte[] input = new byte[8 * 1024 * 1024]; // far more than the pipe holds: the writer thread blocks
            Asyncio.run(() -> {
                try (Subprocess p = Subprocess.exec("sleep", "30")) {
                    Task<Subprocess.Result> t = Asyncio.createTask("talk", () -> p.communicate(input));
                    Asyncio.yieldNow();
                    t.cancel("enough");
                    assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
                    assertThat(p.waitFor()).isEqualTo(137);
                }
            });
            awaitDescriptorsBackTo(before);
        }
    }

    @Nested
    class Lifecycle {
        @Test
        void exitCodesAreReported() {
            int code = Asyncio.run(() -> {
                try (Subprocess p = Subprocess.exec("sh", "-c", "exit 7")) {
                    return p.waitFor();
                }
            });
            assertThat(code).isEqualTo(7);
        }

        @Test
        void shellFormRunsThroughTheShell() {
            String out = Asyncio.run(() -> {
                try (Subprocess p = Subprocess.shell("echo $((20 + 22)) | tr 4 x")) {
                    return text(p.communicate(null).stdout());
                }
            });
            assertThat(out).isEqualTo("x2\n");
        }

        @Test
        void killAndTerminateEndTheChild() {
            int[] codes = Asyncio.run(() -> {
                try (Subprocess killed = Subprocess.exec("sleep", "30");
                     Subprocess terminated = Subprocess.exec("sleep", "30")) {
                    assertThat(killed.returnCode()).isNull();
                    killed.kill();
                    terminated.terminate();
                    return new int[] {killed.waitFor(), terminated.waitFor(), killed.returnCode()};
                }
            });
            assertThat(codes).containsExactly(137, 143, 137);
        }

        @Test
        void outputWrittenBeforeAKillIsReadThenEndOfStream() {
            // stdout is complete once "done" shows on stderr; the child then idles until killed
            int[] got = Asyncio.run(() -> {
                try (Subprocess p = Subprocess.shell("head -c 100000 /dev/zero; echo done >&2; exec sleep 30")) {
                    assertThat(text(p.stderr().readLine())).isEqualTo("done\n");
                    p.kill();
                    int n = p.stdout().read().length;          // no "Stream closed": the bytes, then EOF
                    return new int[] {n, p.stdout().atEof() ? 1 : 0, p.waitFor()};
                }
            });
            assertThat(got).containsExactly(100_000, 1, 137);
        }

        @Test
        void readingAfterTerminateOfAChildStillWritingEndsAtEndOfStream() {
            long total = Asyncio.run(() -> {
                try (Subprocess p = Subprocess.exec("yes")) {
                    p.stdout().readLine();                     // it is writing now, as fast as it can
                    p.terminate();
                    long n = 0;
                    byte[] b;
                    while ((b = p.stdout().read(1 << 16)).length > 0) {
                        n += b.length;
                    }
                    p.waitFor();
                    return n;
                }
            });
            assertThat(total).as("bytes after the first line, read without an IOException").isNotNegative();
        }

        @Test
        void killTreeEndsTheChildAndWhatItStarted() {
            boolean sleepEnded = Asyncio.run(() -> {
                try (Subprocess p = Subprocess.shell("sleep 60; echo after")) {
                    ProcessHandle sleep = aDescendantOf(p);
                    p.killTree();
                    p.waitFor();
                    return ended(sleep);
                }
            });
            assertThat(sleepEnded).isTrue();
        }

        @Test
        void cancelledCommunicateOfAShellKillsTheCommandItRuns() {
            boolean sleepEnded = Asyncio.run(() -> {
                try (Subprocess p = Subprocess.shell("sleep 60; echo after")) {
                    Task<Subprocess.Result> t = Asyncio.createTask("talk", () -> p.communicate(null));
                    Asyncio.yieldNow();                        // t runs until it waits for output
                    ProcessHandle sleep = aDescendantOf(p);
                    t.cancel("enough");
                    assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
                    return ended(sleep);
                }
            });
            assertThat(sleepEnded).isTrue();
        }

        /**
         * Waits (at most 10 s) until {@code h} has ended. A killed grandchild is reparented to
         * pid 1, which in a container may never reap it: a zombie has ended too.
         */
        private static boolean ended(ProcessHandle h) {
            return Asyncio.timeout(Duration.ofSeconds(10), () -> {
                while (h.isAlive() && !isZombie(h.pid())) {
                    Asyncio.sleep(Duration.ofMillis(5));
                }
                return true;
            });
        }

        private static boolean isZombie(long pid) {
            try {
                String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
                return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
            } catch (IOException gone) {
                return false;
            }
        }

        /** Waits (at most 10 s) until the child has started a process of its own, and returns it. */
        private static ProcessHandle aDescendantOf(Subprocess p) {
            ProcessHandle child = ProcessHandle.of(p.pid()).orElseThrow();
            return Asyncio.timeout(Duration.ofSeconds(10), () -> {
                while (true) {
                    var d = child.descendants().findFirst();
                    if (d.isPresent()) {
                        return d.get();
                    }
                    Asyncio.sleep(Duration.ofMillis(5));
                }
            });
        }

        @Test
        void cancelledWaitForLeavesTheChildRunningAndCloseKillsIt() {
            Asyncio.run(() -> {
                Subprocess p = Subprocess.exec("sleep", "30");
                try (p) {
                    Task<Integer> t = Asyncio.createTask("wait", p::waitFor);
                    Asyncio.yieldNow();
                    t.cancel("stop waiting");
                    assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
                    assertThat(p.returnCode()).isNull();
                }
                assertThat(p.waitFor()).isEqualTo(137);
            });
        }

        @Test
        void aSubprocessNeverClosedIsKilledWithTheLoopAndNamedInDebugMode() throws Exception {
            List<String> warnings = new ArrayList<>();
            long pid = Asyncio.run(LoopOptions.defaults().withDebug(true), () -> {
                Asyncio.runningLoop().setExceptionHandler((loop, ctx) -> warnings.add(ctx.message()));
                Subprocess p = Subprocess.exec("sleep", "30");     // dropped without close
                return p.pid();
            });
            assertThat(warnings).anySatisfy(w -> assertThat(w).contains("Subprocess[pid=" + pid).contains("was never closed"));
            ProcessHandle child = ProcessHandle.of(pid).orElse(null);
            if (child != null) {
                // killed by the loop's close; the JDK reaps it shortly after
                child.onExit().get(5, TimeUnit.SECONDS);
                assertThat(child.isAlive()).isFalse();
            }
        }

        @Test
        void missingExecutableGivesTheJdksPreciseError() {
            Asyncio.run(() -> {
                assertThatThrownBy(() -> Subprocess.exec("no-such-program-jasyncio"))
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("no-such-program-jasyncio")
                        .hasMessageContaining("No such file or directory");
            });
        }

        @Test
        void emptyCommandIsRejected() {
            Asyncio.run(() -> {
                assertThatThrownBy(() -> Subprocess.exec()).isInstanceOf(IllegalArgumentException.class);
            });
        }

        @Test
        void execOutsideATaskSaysWhatToDo() {
            assertThatThrownBy(() -> Subprocess.exec("true"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("Asyncio.run");
        }

        @Test
        void streamsThatAreNotPipesSaySo() {
            Asyncio.run(() -> {
                ProcessBuilder b = new ProcessBuilder("true").redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                try (Subprocess p = Subprocess.exec(b)) {
                    assertThatThrownBy(p::stderr).isInstanceOf(IllegalStateException.class).hasMessageContaining("stderr is not a pipe");
                    assertThatThrownBy(p::stdin).isInstanceOf(IllegalStateException.class).hasMessageContaining("stdin is not a pipe");
                    assertThat(p.stdout().read()).isEmpty();
                }
            });
        }

        @Test
        void aChildOnAVirtualClockDoesNotLetTimeJumpPastItsOutput() {
            boolean timerFiredFirst = Loops.runVirtual(() -> {
                boolean[] fired = {false};
                Asyncio.createTask("timer", () -> {
                    Asyncio.sleep(Duration.ofHours(1));
                    fired[0] = true;
                });
                try (Subprocess p = Subprocess.shell("sleep 0.2; echo hi")) {
                    assertThat(text(p.stdout().readLine())).isEqualTo("hi\n");
                }
                return fired[0];
            });
            assertThat(timerFiredFirst).isFalse();
        }
    }

    @Nested
    class Pipes {
        @Test
        void linesAreReadOneByOneAndTheLastMayLackATerminator() {
            Asyncio.run(() -> {
                try (Subprocess p = Subprocess.exec("printf", "a\\nbb\\nccc")) {
                    StreamReader out = p.stdout();
                    assertThat(text(out.readLine())).isEqualTo("a\n");
                    assertThat(text(out.readLine())).isEqualTo("bb\n");
                    assertThat(text(out.readLine())).isEqualTo("ccc");
                    assertThat(out.readLine()).isEmpty();
                    assertThat(out.atEof()).isTrue();
                }
            });
        }

        @Test
        void catEchoesWhatIsSentLineByLine() {
            Asyncio.run(() -> {
                try (Subprocess p = Subprocess.exec("cat")) {
                    for (int i = 0; i < 100; i++) {
                        p.stdin().send(utf8("line " + i + "\n"));
                        assertThat(text(p.stdout().readLine())).isEqualTo("line " + i + "\n");
                    }
                    p.stdin().close();
                    assertThat(p.stdout().read()).isEmpty();
                    assertThat(p.waitFor()).isZero();
                }
            });
        }

        @Test
        void readExactlyAtEarlyEndKeepsThePartialBytes() {
            Asyncio.run(() -> {
                try (Subprocess p = Subprocess.exec("printf", "12345")) {
                    StreamReader out = p.stdout();
                    assertThat(out.read(0)).isEmpty();
                    assertThat(text(out.readExactly(2))).isEqualTo("12");
                    // the streams' convention (asyncio's): the partial bytes travel with the exception
                    assertThatThrownBy(() -> out.readExactly(10))
                            .isInstanceOfSatisfying(IncompleteReadException.class, e -> {
                                assertThat(e).isInstanceOf(EOFException.class).hasMessageContaining("10 expected");
                                assertThat(text(e.partial())).isEqualTo("345");
                            });
                    assertThat(out.read()).isEmpty();
                }
            });
        }

        @Test
        void lineOverTheLimitFailsAndIsDiscarded() {
            Asyncio.run(() -> {
                try (Subprocess p = Subprocess.shell("head -c 200000 /dev/zero; echo")) {
                    StreamReader out = p.stdout();
                    int discarded;
                    try {
                        out.readLine();
                        throw new AssertionError("no LimitOverrunException");
                    } catch (LimitOverrunException e) {
                        assertThat(e).hasMessageContaining("limit of " + out.limit());
                        discarded = e.consumed();
                    }
                    assertThat(out.limit()).isEqualTo(64 * 1024);
                    // what was buffered at the overrun is gone, the rest of the line follows
                    assertThat(discarded + out.read().length).isEqualTo(200_001);
                }
            });
        }

        @Test
        void unreadOutputBlocksTheChildInsteadOfFillingMemory() {
            Asyncio.run(() -> {
                try (Subprocess p = Subprocess.shell("head -c 4000000 /dev/zero; echo done >&2")) {
                    // nobody reads stdout: the child must still be stuck writing it; a pass cannot be a
                    // fluke (a broken budget lets the child finish in milliseconds)
                    Asyncio.sleep(Duration.ofMillis(300));
                    assertThat(p.returnCode()).isNull();
                    assertThat(p.stdout().read()).hasSize(4_000_000);
                    assertThat(text(p.stderr().read())).isEqualTo("done\n");
                    assertThat(p.waitFor()).isZero();
                }
            });
        }

        @Test
        void twoTasksReadingOneStreamFailClearly() {
            Asyncio.run(() -> {
                try (Subprocess p = Subprocess.exec("sleep", "30")) {
                    Task<byte[]> first = Asyncio.createTask("first", () -> p.stdout().read(1));
                    Asyncio.yieldNow();
                    assertThatThrownBy(() -> p.stdout().read(1)).isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("only one task may read");
                    first.cancel("done");
                }
            });
        }

        @Test
        void writeAfterCloseIsRejected() {
            Asyncio.run(() -> {
                try (Subprocess p = Subprocess.exec("cat")) {
                    p.stdin().close();
                    assertThatThrownBy(() -> p.stdin().write(utf8("x"))).isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("closed");
                    assertThat(p.waitFor()).isZero();
                }
            });
        }
    }

    // ---------------------------------------------------------------- descriptors

    static void warmUp() {
        // the JDK opens some descriptors for good on its first spawn; count after that
        Asyncio.run(() -> {
            try (Subprocess p = Subprocess.exec("true")) {
                p.communicate(null);
            }
        });
    }

    static int openDescriptors() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? 0 : fds.length;
    }

    /**
     * The pipe threads close their ends as soon as the killed child's pipes break, shortly after
     * close() returns: wait for that, at most five seconds.
     */
    static void awaitDescriptorsBackTo(int before) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (openDescriptors() > before && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(openDescriptors()).isLessThanOrEqualTo(before);
    }
}
