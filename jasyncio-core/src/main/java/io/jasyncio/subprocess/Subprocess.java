package io.jasyncio.subprocess;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.internal.io.BlockingIo;
import io.jasyncio.internal.io.IoContext;
import io.jasyncio.internal.io.StreamConnection;
import io.jasyncio.internal.task.RealEventLoop;
import io.jasyncio.internal.task.RealTask;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.List;
import java.util.Objects;

/**
 * A child process whose stdin, stdout and stderr are asynchronous pipes (asyncio's
 * {@code Process}; renamed because {@link Process} is the JDK's).
 *
 * <pre>{@code
 * try (Subprocess p = Subprocess.exec("git", "status", "--short")) {
 *     Subprocess.Result r = p.communicate(null);
 *     if (r.returnCode() != 0) throw new IllegalStateException(new String(r.stderr()));
 * }
 * }</pre>
 *
 * <p><b>Lifetime.</b> {@link #close()} kills a child that still runs, with what it started
 * ({@link #killTree()}), and closes the pipes, so a try-with-resources block never leaves a
 * child behind, even when the task is cancelled or times out inside it.
 *
 * <p><b>Cancellation.</b> A cancelled {@link #communicate(byte[])} kills the child and its
 * descendants (it owns the whole exchange, like Trio's {@code run_process}). A cancelled {@link #waitFor()} only stops
 * waiting and leaves the child running (like asyncio's {@code wait()} and Trio's
 * {@code Process.wait()}); {@code close()} still kills it.
 *
 * <p><b>Pipes.</b> stdout and stderr are {@link StreamReader}s and stdin a {@link StreamWriter},
 * the same types as a socket's, with the same flow control: output nobody reads stops being
 * drained once about 200 KiB wait unread, so the child blocks in its own write (bounded memory),
 * and {@link StreamWriter#drain()} waits while more than 64 KiB of input are queued. Failures
 * are checked {@link IOException}s, as on sockets.
 *
 * <p><b>Threads.</b> Loop-confined: the methods are called from tasks of the loop that started
 * the child. A JDK pipe can only be used by blocking, so each pipe has a dedicated virtual
 * thread that does the blocking reads or writes and reports to the loop; neither engine's loop
 * ever blocks on the child.
 *
 * <p><b>Leaks.</b> A subprocess left open when its loop closes is closed then (the child is
 * killed); in debug mode the loop's exception handler names it.
 *
 * <p><b>Exit codes</b> are the JDK's: on Unix a child killed by signal {@code s} reports
 * {@code 128 + s} (asyncio reports {@code -s}).
 *
 * @asyncio {@code asyncio.subprocess.Process}, {@code create_subprocess_exec},
 *     {@code create_subprocess_shell}
 */
public final class Subprocess implements AutoCloseable {

    /**
     * What {@link #communicate(byte[])} collected.
     *
     * @param returnCode the child's exit code
     * @param stdout everything the child wrote to stdout, or {@code null} when it was not a pipe
     * @param stderr everything the child wrote to stderr, or {@code null} when it was not a pipe
     */
    public record Result(int returnCode, byte[] stdout, byte[] stderr) {
    }

    private final RealEventLoop loop;
    private final Process process;
    private final String command;
    /** The pipes, each a stream connection over a pipe transport; null when not a pipe. */
    private final StreamConnection stdin;
    private final StreamConnection stdout;
    private final StreamConnection stderr;
    private final IoContext context;
    /** The entry in the loop's open-resource set; not this object, to keep closeNow() internal. */
    private final IoContext.OpenResource openEntry = new IoContext.OpenResource() {
        @Override
        public void closeNow() {
            close();
        }

        @Override
        public String toString() {
            return Subprocess.this.toString();
        }
    };

    private Subprocess(RealEventLoop loop, Process process, ProcessBuilder builder) {
        this.loop = loop;
        this.process = process;
        this.command = String.join(" ", builder.command());
        String tag = "pid-" + process.pid();
        this.stdin = isPipe(builder.redirectInput())
                ? StreamConnection.pipe(loop, "stdin-" + tag, null, process.getOutputStream()) : null;
        this.stdout = isPipe(builder.redirectOutput())
                ? StreamConnection.pipe(loop, "stdout-" + tag, process.getInputStream(), null) : null;
        this.stderr = isPipe(builder.redirectError()) && !builder.redirectErrorStream()
                ? StreamConnection.pipe(loop, "stderr-" + tag, process.getErrorStream(), null) : null;
        this.context = IoContext.of(loop);
        context.opened(openEntry);
    }

    private static boolean isPipe(Redirect r) {
        return r.type() == Redirect.Type.PIPE;
    }

    // ---------------------------------------------------------------- starting

    /**
     * Starts {@code command} (the program and its arguments, no shell involved) with all three
     * streams as pipes.
     *
     * @throws IOException if the program cannot be started; the JDK's message names it (for a
     *     program not found: {@code Cannot run program "x": error=2, No such file or directory})
     * @throws IllegalArgumentException if {@code command} is empty
     * @throws io.jasyncio.CancelledError if the calling task is cancelled; a child already
     *     started is then killed
     * @throws IllegalStateException if not called from a task
     * @suspends while the child is spawned (on another thread)
     * @asyncio {@code asyncio.create_subprocess_exec}
     */
    public static Subprocess exec(String... command) throws IOException {
        return exec(List.of(command));
    }

    /** {@link #exec(String...)} with the command as a list. */
    public static Subprocess exec(List<String> command) throws IOException {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("exec() needs a program to run, got an empty command");
        }
        return exec(new ProcessBuilder(command));
    }

    /**
     * Starts the child described by {@code builder}: its directory, environment and redirects
     * are used as they are. Streams redirected to {@link Redirect#PIPE} (the builder's default)
     * become this object's pipes; the others are not available here.
     *
     * @throws IOException if the program cannot be started
     * @throws io.jasyncio.CancelledError if the calling task is cancelled; a child already
     *     started is then killed
     * @throws IllegalStateException if not called from a task
     * @suspends while the child is spawned (on another thread)
     */
    public static Subprocess exec(ProcessBuilder builder) throws IOException {
        Objects.requireNonNull(builder, "builder");
        RealTask<?> task = RealTask.currentFor(null, "Subprocess.exec()");
        RealEventLoop loop = task.realLoop();
        // a child spawned for a task that was cancelled meanwhile is killed, never orphaned
        Process process = BlockingIo.open(builder::start, Subprocess::destroyAndClose);
        return new Subprocess(loop, process, builder);
    }

    private static void destroyAndClose(Process p) {
        p.destroyForcibly();
        try (var in = p.getOutputStream(); var out = p.getInputStream(); var err = p.getErrorStream()) {
            // closed by try-with-resources
        } catch (IOException e) {
            // closing pipes of a killed child: nothing to report
        }
    }

    /**
     * Runs {@code command} through the system shell ({@code /bin/sh -c} on Unix,
     * {@code cmd.exe /c} on Windows), with all three streams as pipes. Quoting the command is the
     * caller's job: never paste untrusted input into it; use {@link #exec(String...)} instead.
     *
     * @throws IOException if the shell cannot be started
     * @throws IllegalStateException if not called from a task
     * @suspends while the child is spawned
     * @asyncio {@code asyncio.create_subprocess_shell}
     */
    public static Subprocess shell(String command) throws IOException {
        Objects.requireNonNull(command, "command");
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        return exec(windows ? List.of("cmd.exe", "/c", command) : List.of("/bin/sh", "-c", command));
    }

    // ---------------------------------------------------------------- pipes and state

    /** The child's process id. */
    public long pid() {
        return process.pid();
    }

    /**
     * The child's stdin.
     *
     * @throws IllegalStateException if stdin is not a pipe (the builder redirected it)
     */
    public StreamWriter stdin() {
        return pipe(stdin, "stdin").writer();
    }

    /**
     * The child's stdout.
     *
     * @throws IllegalStateException if stdout is not a pipe
     */
    public StreamReader stdout() {
        return pipe(stdout, "stdout").reader();
    }

    /**
     * The child's stderr.
     *
     * @throws IllegalStateException if stderr is not a pipe (redirected, or merged into stdout
     *     with {@code redirectErrorStream(true)})
     */
    public StreamReader stderr() {
        return pipe(stderr, "stderr").reader();
    }

    private StreamConnection pipe(StreamConnection p, String which) {
        if (p == null) {
            throw new IllegalStateException(this + ": " + which + " is not a pipe; start the child with a "
                    + "ProcessBuilder whose " + which + " is Redirect.PIPE (the default)");
        }
        return p;
    }

    /**
     * The exit code, or {@code null} while the child runs.
     *
     * @asyncio {@code Process.returncode}
     */
    public Integer returnCode() {
        return process.isAlive() ? null : process.exitValue();
    }

    // ---------------------------------------------------------------- waiting

    /**
     * Waits for the child to exit. Output nobody reads can make the child block forever on a full
     * pipe: read the pipes, or use {@link #communicate(byte[])}.
     *
     * @return the exit code
     * @throws io.jasyncio.CancelledError if the calling task is cancelled; the child keeps running
     * @throws WrongThreadException if called from a task of another loop
     * @throws IllegalStateException if not called from a task
     * @suspends until the child exits; a checkpoint if it already has
     * @cancellation the child is left running
     * @asyncio {@code Process.wait()}
     */
    public int waitFor() {
        RealTask<?> task = RealTask.currentFor(loop, "Subprocess.waitFor()");
        if (!process.isAlive()) {
            task.checkpoint();
            return process.exitValue();
        }
        return Asyncio.await(process.onExit()).exitValue();
    }

    /**
     * Sends {@code input} (when not {@code null}) to stdin and closes it, reads stdout and stderr
     * to their end at the same time, and waits for the child to exit. No deadlock whatever the
     * sizes: stdin is written by its own thread while both outputs are read. Everything is held
     * in memory; stream large outputs through {@link #stdout()} instead.
     *
     * <p>A child that exits without reading all its input is not an error (the broken pipe is
     * ignored, as asyncio does).
     *
     * @param input bytes for stdin, or {@code null} to just close it
     * @return the exit code and both outputs
     * @throws IllegalStateException if {@code input} is given but stdin is not a pipe, if another
     *     task reads one of the pipes, or if not called from a task
     * @throws IOException if reading a pipe failed
     * @throws io.jasyncio.CancelledError if the calling task is cancelled; the child and its
     *     descendants are killed
     * @suspends until the child exits and both outputs end
     * @cancellation the child and its descendants are killed ({@link #killTree()}) and the
     *     partial output is lost; so it is when
     *     communicate fails for any other reason (Trio's {@code run_process} does the same)
     * @asyncio {@code Process.communicate(input)}
     */
    public Result communicate(byte[] input) throws IOException {
        RealTask<?> task = RealTask.currentFor(loop, "Subprocess.communicate()");
        if (input != null && stdin == null) {
            throw new IllegalStateException(this + ": communicate(input) needs stdin to be a pipe");
        }
        Task<byte[]> errors = null;
        boolean finished = false;
        try {
            task.checkpoint();      // inside: a cancellation delivered here kills the child too
            if (stdin != null && !stdin.writer().isClosing()) {
                // never drained: a child that stops reading its input (a broken pipe) is not an error here
                if (input != null) {
                    stdin.writer().write(input);
                }
                stdin.writer().close();
            }
            if (stderr != null) {
                errors = loop.createTask("communicate-stderr-" + pid(), stderr.reader()::read);
            }
            byte[] out = stdout != null ? stdout.reader().read() : null;
            byte[] err = errors != null ? errors.await() : null;
            Result r = new Result(waitFor(), out, err);
            finished = true;
            return r;
        } finally {
            if (!finished) {
                killTree();
                if (errors != null) {
                    errors.cancel("communicate() of " + this + " ended early");
                }
            }
        }
    }

    // ---------------------------------------------------------------- signals and closing

    /**
     * Asks the child to stop (SIGTERM on Unix). Does nothing if it has exited. What the child
     * wrote before it ends stays readable from {@link #stdout()} and {@link #stderr()}, followed
     * by the end of stream.
     *
     * @asyncio {@code Process.terminate()}
     */
    public void terminate() {
        // the handle, not Process.destroy(): the JDK's ProcessImpl also closes the pipe streams
        // under the pump threads, which then fail with "Stream closed" and lose the unread output
        process.toHandle().destroy();
    }

    /**
     * Kills the child (SIGKILL on Unix). Does nothing if it has exited. Only the child itself
     * is signalled: what it started keeps running (see {@link #killTree()}). What the child
     * wrote before it died stays readable, followed by the end of stream.
     *
     * @asyncio {@code Process.kill()}
     */
    public void kill() {
        process.toHandle().destroyForcibly();
    }

    /**
     * Kills the child and every process it started that still descends from it (SIGKILL on
     * Unix): the {@code sleep} of {@code Subprocess.shell("sleep 60; echo done")} included.
     * The descendants are listed first, then the child is killed (so it starts nothing more),
     * then each of them. A process that left the tree before the call (a daemon that detached
     * itself) is not reached; neither is one started by a descendant between the listing and
     * that descendant's death. Does nothing if the child has exited.
     *
     * <p>{@link #close()} and a cancelled or failed {@link #communicate(byte[])} do this.
     */
    public void killTree() {
        ProcessHandle child = process.toHandle();
        List<ProcessHandle> descendants = child.descendants().toList();
        child.destroyForcibly();
        for (ProcessHandle d : descendants) {
            d.destroyForcibly();
        }
    }

    /**
     * Kills the child and its descendants ({@link #killTree()}) if it still runs and closes the
     * three pipes: output still in a pipe is dropped (what a reader already buffered stays
     * readable), unwritten input discarded. Idempotent; does not suspend and does not wait for
     * the child's exit (use {@link #waitFor()} first for that).
     *
     * @throws WrongThreadException if not called from the subprocess's loop
     */
    @Override
    public void close() {
        IoContext.checkLoop(loop, this, "close()");
        if (process.isAlive()) {
            killTree();
        }
        for (StreamConnection pipe : new StreamConnection[] {stdin, stdout, stderr}) {
            if (pipe != null) {
                pipe.abort();
            }
        }
        context.closed(openEntry);
    }

    @Override
    public String toString() {
        Integer code = returnCode();
        return "Subprocess[pid=" + pid() + ", " + (code == null ? "running" : "exited " + code) + ", " + command + "]";
    }
}
