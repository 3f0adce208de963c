package io.jasyncio.files;

import io.jasyncio.internal.io.BlockingIo;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * File operations that keep blocking file I/O off the event loop: each runs the
 * {@link Files java.nio.file.Files} method of the same name on another thread while the calling
 * task waits, so other tasks keep running on both engines. Named after {@code Files} so the
 * JDK's documentation applies; prefixed because {@code Files} is imported everywhere.
 *
 * <pre>{@code
 * String config = AsyncFiles.readString(Path.of("app.conf"));
 * AsyncFiles.writeString(Path.of("out.txt"), report);
 * try (FileLines lines = AsyncFiles.lines(Path.of("big.log"))) {
 *     for (String line; (line = lines.nextLine()) != null; ) { ... }
 * }
 * }</pre>
 *
 * <p><b>Errors</b> are the JDK's own {@link IOException}s, not wrapped:
 * {@link java.nio.file.NoSuchFileException}, {@link java.nio.file.AccessDeniedException},
 * {@link java.nio.file.FileAlreadyExistsException}, ...
 *
 * <p><b>Cancellation.</b> A cancelled call stops waiting at once and raises
 * {@code CancelledError}, but the operation runs to its end on its thread: a cancelled write or
 * copy may still complete. Await it in a shield when a half-done write must not be left behind.
 *
 * <p>Every method must be called from a task; elsewhere it throws {@link IllegalStateException}.
 *
 * @asyncio none in asyncio itself; the {@code aiofiles} and {@code anyio.Path} helpers
 */
public final class AsyncFiles {
    private AsyncFiles() {
    }

    /**
     * Reads a whole file.
     *
     * @throws IOException as {@link Files#readAllBytes}
     * @throws io.jasyncio.CancelledError if the calling task is cancelled
     * @suspends while the file is read
     */
    public static byte[] readAllBytes(Path path) throws IOException {
        return BlockingIo.call(() -> Files.readAllBytes(path));
    }

    /**
     * Reads a whole UTF-8 text file.
     *
     * @throws IOException as {@link Files#readString(Path)}, including
     *     {@link java.nio.charset.MalformedInputException} for bytes that are not UTF-8
     * @throws io.jasyncio.CancelledError if the calling task is cancelled
     * @suspends while the file is read
     */
    public static String readString(Path path) throws IOException {
        return readString(path, StandardCharsets.UTF_8);
    }

    /** {@link #readString(Path)} in {@code charset}. */
    public static String readString(Path path, Charset charset) throws IOException {
        return BlockingIo.call(() -> Files.readString(path, charset));
    }

    /**
     * Writes {@code bytes} to a file: by default creates it or truncates it.
     *
     * @throws IOException as {@link Files#write(Path, byte[], OpenOption...)}
     * @throws io.jasyncio.CancelledError if the calling task is cancelled; the write may still
     *     complete
     * @suspends while the file is written
     */
    public static Path write(Path path, byte[] bytes, OpenOption... options) throws IOException {
        return BlockingIo.call(() -> Files.write(path, bytes, options));
    }

    /**
     * Writes text as UTF-8 to a file: by default creates it or truncates it.
     *
     * @throws IOException as {@link Files#writeString(Path, CharSequence, OpenOption...)}
     * @throws io.jasyncio.CancelledError if the calling task is cancelled; the write may still
     *     complete
     * @suspends while the file is written
     */
    public static Path writeString(Path path, CharSequence text, OpenOption... options) throws IOException {
        return writeString(path, text, StandardCharsets.UTF_8, options);
    }

    /** {@link #writeString(Path, CharSequence, OpenOption...)} in {@code charset}. */
    public static Path writeString(Path path, CharSequence text, Charset charset, OpenOption... options)
            throws IOException {
        String copy = text.toString(); // the caller may change a StringBuilder while we write
        return BlockingIo.call(() -> Files.writeString(path, copy, charset, options));
    }

    /**
     * Copies a file.
     *
     * @return {@code target}
     * @throws IOException as {@link Files#copy(Path, Path, CopyOption...)}, e.g.
     *     {@link java.nio.file.FileAlreadyExistsException} unless {@code REPLACE_EXISTING} is given
     * @throws io.jasyncio.CancelledError if the calling task is cancelled; the copy may still
     *     complete
     * @suspends while the file is copied
     */
    public static Path copy(Path source, Path target, CopyOption... options) throws IOException {
        return BlockingIo.call(() -> Files.copy(source, target, options));
    }

    /**
     * Opens a UTF-8 text file for reading line by line; close the result.
     *
     * @throws IOException as {@link Files#newBufferedReader(Path)}, e.g.
     *     {@link java.nio.file.NoSuchFileException}
     * @throws io.jasyncio.CancelledError if the calling task is cancelled; the file is then
     *     closed as soon as it has been opened
     * @suspends while the file is opened
     */
    public static FileLines lines(Path path) throws IOException {
        return lines(path, StandardCharsets.UTF_8);
    }

    /** {@link #lines(Path)} in {@code charset}. */
    public static FileLines lines(Path path, Charset charset) throws IOException {
        return FileLines.open(path, charset);
    }
}
