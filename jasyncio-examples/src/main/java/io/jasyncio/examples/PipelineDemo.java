package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.ContextLogger;
import io.jasyncio.ContextVar;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.TaskGroup;
import io.jasyncio.queues.AsyncQueue;
import io.jasyncio.queues.QueueShutDownException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;

/**
 * The pipeline users build with jasyncio: two requests run at once, each with a producer, a
 * bounded queue and three consumers; every item goes through a blocking step on a thread
 * ({@code toThread}) and a CPU-heavy step on the CPU pool ({@code compute}). The request id is
 * a context variable, so it appears in every log line of that request, even those written on
 * worker threads. A progress line shows items done, queue depths and the loop's lag.
 */
final class PipelineDemo {
    static final ContextVar<String> REQUEST_ID = ContextVar.named("requestId");
    private static final System.Logger LOG = ContextLogger.of(new Console(), REQUEST_ID);
    private static final int ITEMS = 36;
    private static final int CONSUMERS = 3;

    private PipelineDemo() {
    }

    /** Runs both requests in the calling task; returns when every item is processed. */
    static void run() {
        Progress progress = new Progress(2 * ITEMS);
        Task<Void> ticker = Asyncio.createTask("progress", progress::tick);
        TaskGroup.run(tg -> {
            tg.createTask("request-A", () -> handle("req-A", progress));
            tg.createTask("request-B", () -> handle("req-B", progress));
            return null;
        });
        ticker.cancel("pipeline done");
        progress.draw(true);
    }

    private static void handle(String id, Progress progress) {
        REQUEST_ID.set(id);   // inherited by every task and thread call this request starts
        AsyncQueue<Integer> queue = new AsyncQueue<>(8);
        progress.queues.add(queue);
        LOG.log(System.Logger.Level.INFO, "start: {0} items, queue of {1}, {2} consumers", ITEMS, queue.maxSize(), CONSUMERS);
        TaskGroup.run(tg -> {
            for (int c = 0; c < CONSUMERS; c++) {
                tg.createTask(id + "-consumer-" + c, () -> consume(queue, progress));
            }
            for (int i = 0; i < ITEMS; i++) {
                queue.put(i);   // waits while 8 items are queued: backpressure
            }
            queue.join();              // every item processed
            queue.shutdown(false);     // consumers see the end and return
            return null;
        });
        LOG.log(System.Logger.Level.INFO, "done: {0} items", ITEMS);
    }

    private static void consume(AsyncQueue<Integer> queue, Progress progress) {
        while (true) {
            int item;
            try {
                item = queue.get();
            } catch (QueueShutDownException end) {
                return;
            }
            String row = Asyncio.toThread(() -> fetchRow(item));      // blocking: a thread
            long digest = Asyncio.compute(() -> digest(row));          // CPU-heavy: the CPU pool
            progress.done++;
            progress.checksum ^= digest;
            queue.taskDone();
        }
    }

    /** Stands in for a blocking call (JDBC, a legacy client). */
    private static String fetchRow(int item) throws InterruptedException {
        Thread.sleep(12);
        if (item == 0) {
            LOG.log(System.Logger.Level.INFO, "first row fetched on thread {0}", Thread.currentThread().getName());
        }
        return "row-" + item;
    }

    /** Stands in for a CPU-heavy step (parsing, hashing, scoring). */
    private static long digest(String row) {
        long h = row.hashCode();
        for (int i = 0; i < 200_000; i++) {
            h = h * 6364136223846793005L + 1442695040888963407L;
        }
        return h;
    }

    /** The progress line: items done, queue depths, loop lag; redrawn in place every 40 ms. */
    private static final class Progress {
        final int total;
        final List<AsyncQueue<Integer>> queues = new ArrayList<>();
        int done;
        long checksum;
        double lagMs;
        double maxLagMs;
        final boolean tty = System.console() != null;
        int plainLines;

        Progress(int total) {
            this.total = total;
        }

        /** Sleeps 40 ms at a time; the loop's lag is how late each wake-up is. */
        Void tick() {
            EventLoop loop = Asyncio.runningLoop();
            while (true) {
                long t0 = loop.time();
                Asyncio.sleep(Duration.ofMillis(40));
                lagMs = Math.max(0, (loop.time() - t0) / 1e6 - 40);
                maxLagMs = Math.max(maxLagMs, lagMs);
                draw(false);
            }
        }

        void draw(boolean last) {
            StringBuilder depth = new StringBuilder();
            for (AsyncQueue<Integer> q : queues) {
                depth.append(depth.isEmpty() ? "" : " ").append(q.size()).append('/').append(q.maxSize());
            }
            String line = String.format("  progress: %d/%d items, queue depth %s, loop lag %.1f ms (max %.1f)",
                    done, total, depth, lagMs, maxLagMs);
            if (tty) {
                System.out.print("\r\033[K" + line + (last ? "\n" : ""));
            } else if (last || plainLines++ % 5 == 0) {
                System.out.println(line);   // not a terminal: a few plain lines instead of redrawing
            }
            System.out.flush();
        }
    }

    /** A minimal System.Logger printing to stdout, clearing the progress line first. */
    private static final class Console implements System.Logger {
        @Override
        public String getName() {
            return "pipeline";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            print(msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            print(params == null || params.length == 0 ? format : java.text.MessageFormat.format(format, params));
        }

        private static synchronized void print(String msg) {
            Task<?> t = Asyncio.currentTask();
            String who = t != null ? t.name() : Thread.currentThread().getName();
            System.out.print((System.console() != null ? "\r\033[K" : "") + String.format("  %-22s %s%n", who, msg));
            System.out.flush();
        }
    }
}
