package io.jasyncio.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Loops;
import io.jasyncio.Task;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AsyncFilesTest {
    @TempDir
    Path dir;

    /** Lines "line-0" ... of a file several batches long; the last one has no terminator. */
    private List<String> writeManyLines(Path file, int count) throws Exception {
        List<String> expected = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String line = "line-" + i + "-" + "x".repeat(i % 50);
            expected.add(line);
            sb.append(line);
            if (i < count - 1) {
                sb.append('\n');
            }
        }
        Files.writeString(file, sb);
        assertThat(Files.size(file)).isGreaterThan(4L * FileLines.BATCH_CHARS);
        return expected;
    }

    @Nested
    class WholeFiles {
        @Test
        void bytesAndTextRoundTrip() {
            Path bin = dir.resolve("data.bin");
            Path txt = dir.resolve("text.txt");
            byte[] data = new byte[3 * 1024 * 1024];
            new Random(1).nextBytes(data);
            Loops.runVirtual(() -> {
                AsyncFiles.write(bin, data);
                assertThat(AsyncFiles.readAllBytes(bin)).isEqualTo(data);
                AsyncFiles.writeString(txt, new StringBuilder("grüße, 世界\n"));
                AsyncFiles.writeString(txt, "more\n", StandardOpenOption.APPEND);
                assertThat(AsyncFiles.readString(txt)).isEqualTo("grüße, 世界\nmore\n");
                assertThat(AsyncFiles.readString(txt, StandardCharsets.ISO_8859_1)).startsWith("gr\u00c3\u00bc");
                return null;
            });
        }

        @Test
        void copyCopiesAndRefusesToOverwriteUnlessAsked() throws Exception {
            Path a = dir.resolve("a");
            Path b = dir.resolve("b");
            Files.writeString(a, "first");
            Loops.runVirtual(() -> {
                assertThat(AsyncFiles.copy(a, b)).isEqualTo(b);
                assertThat(AsyncFiles.readString(b)).isEqualTo("first");
                AsyncFiles.writeString(a, "second");
                assertThatThrownBy(() -> AsyncFiles.copy(a, b)).isInstanceOf(FileAlreadyExistsException.class);
                AsyncFiles.copy(a, b, StandardCopyOption.REPLACE_EXISTING);
                assertThat(AsyncFiles.readString(b)).isEqualTo("second");
                return null;
            });
        }

        @Test
        void missingFilesGiveTheJdksPreciseException() {
            Path missing = dir.resolve("missing.txt");
            Loops.runVirtual(() -> {
                assertThatThrownBy(() -> AsyncFiles.readString(missing)).isInstanceOf(NoSuchFileException.class)
                        .hasMessageContaining("missing.txt");
                assertThatThrownBy(() -> AsyncFiles.readAllBytes(missing)).isInstanceOf(NoSuchFileException.class);
                assertThatThrownBy(() -> AsyncFiles.lines(missing)).isInstanceOf(NoSuchFileException.class);
                assertThatThrownBy(() -> AsyncFiles.copy(missing, dir.resolve("x"))).isInstanceOf(NoSuchFileException.class);
                assertThatThrownBy(() -> AsyncFiles.write(dir.resolve("no/such/dir/f"), new byte[1]))
                        .isInstanceOf(NoSuchFileException.class);
                return null;
            });
        }

        @Test
        void callsOutsideATaskSayWhatToDo() {
            assertThatThrownBy(() -> AsyncFiles.readString(dir.resolve("x")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("Asyncio.run");
        }
    }

    @Nested
    class Lines {
        @Test
        void readsAFileOfManyBatchesLineByLine() throws Exception {
            Path file = dir.resolve("many.txt");
            List<String> expected = writeManyLines(file, 20_000);
            List<String> got = Loops.runVirtual(() -> {
                List<String> all = new ArrayList<>();
                try (FileLines lines = AsyncFiles.lines(file)) {
                    for (String line; (line = lines.nextLine()) != null; ) {
                        all.add(line);
                    }
                    assertThat(lines.nextLine()).isNull();
                }
                return all;
            });
            assertThat(got).isEqualTo(expected);
        }

        @Test
        void aCancelledReadLineLosesNoLine() throws Exception {
            Path file = dir.resolve("cancel.txt");
            List<String> expected = writeManyLines(file, 20_000);
            List<String> got = Asyncio.run(() -> {
                List<String> all = new ArrayList<>();
                try (FileLines lines = AsyncFiles.lines(file)) {
                    Task<String> first = Asyncio.createTask("first", lines::nextLine);
                    Asyncio.yieldNow();
                    first.cancel("changed my mind");
                    try {
                        all.add(first.await());
                    } catch (CancelledError expectedMostOfTheTime) {
                        // the batch it started is kept for the next reader
                    }
                    for (String line; (line = lines.nextLine()) != null; ) {
                        all.add(line);
                    }
                }
                return all;
            });
            assertThat(got).isEqualTo(expected);
        }

        @Test
        void closeReleasesTheFileAndLaterReadsAreRejected() throws Exception {
            Path file = dir.resolve("small.txt");
            Files.writeString(file, "a\nb\n");
            Loops.runVirtual(() -> {
                int before = openDescriptors(); // inside the loop: its selector holds descriptors too
                FileLines lines = AsyncFiles.lines(file);
                assertThat(lines.nextLine()).isEqualTo("a");
                lines.close();
                assertThat(openDescriptors()).isEqualTo(before);
                assertThatThrownBy(lines::nextLine).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
                return null;
            });
        }
    }

    static int openDescriptors() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? 0 : fds.length;
    }
}
