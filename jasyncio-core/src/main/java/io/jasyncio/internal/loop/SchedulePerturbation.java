package io.jasyncio.internal.loop;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Schedule exploration ({@code LoopOptions.withScheduleSeed}): a seeded choice among the orders
 * of one loop iteration that the semantics leave open, so a test that passes only by an
 * accidental order fails for some seed, and the seed replays it.
 *
 * <p><b>What is perturbed, and why it is legal.</b> The loop keeps asyncio's iteration structure
 * exactly: the callbacks ready when the run phase begins all run in that iteration, and a
 * callback scheduled while it runs waits for the next one. Inside one iteration's batch the
 * callbacks are grouped by <i>source</i>, and only the order of the sources changes; each
 * source's own callbacks keep their order. A source is:
 * <ul>
 * <li>one step of the previous run phase (a task step or a callback, with the eager starts it
 *     ran): what it scheduled, in order (the {@code callSoon} FIFO of one piece of code, a
 *     task's own steps, the wake-ups one release hands out);</li>
 * <li>everything scheduled between two iterations, outside any step (loop setup): one source;</li>
 * <li>one I/O readiness event: the selected keys are handled in a shuffled order (the
 *     selector's order is already unspecified), each key's handler one source;</li>
 * <li>everything that came from other threads since the last iteration: one source, in arrival
 *     order (a submitting thread's own FIFO is kept, since the inbox does not say who sent
 *     what);</li>
 * <li>the timers that fell due: one source in deadline order, with timers of <i>equal</i>
 *     deadlines shuffled among themselves (asyncio's heap does not order them either).</li>
 * </ul>
 * So, for example, two tasks woken by different releases in one iteration may run in either
 * order, but what one task scheduled is never reordered, and nothing moves to another
 * iteration. Callbacks of different sources are not promised an order by jasyncio's semantics
 * (docs/semantics.md, "Schedule exploration"); asyncio runs them in global scheduling order, which
 * code that relies on it is depending on by accident.
 *
 * <p><b>Replay.</b> Every choice comes from one {@link SplittableRandom} seeded once, in the
 * order the loop makes them, so on a virtual clock, with no real I/O or other threads involved,
 * the same seed gives the same run.
 *
 * <p>Loop-confined. Only a loop built with a seed has one; the loop tests for it once per
 * iteration, so the default path pays one null test.
 */
final class SchedulePerturbation {
    final long seed;
    private final SplittableRandom random;
    /**
     * Where the sources of the next batch end: offsets into the ready queue's next batch,
     * non-decreasing. The last source ends at the batch's size.
     */
    private int[] marks = new int[32];
    private int markCount;
    /** Scratch for {@link #permute}; grown as needed. */
    private Runnable[] batch = new Runnable[64];
    private int[] order = new int[32];

    SchedulePerturbation(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    /** Ends the current source at offset {@code end} of the next batch. */
    void mark(int end) {
        if (markCount > 0 && marks[markCount - 1] >= end) {
            return;
        }
        if (markCount == marks.length) {
            marks = Arrays.copyOf(marks, markCount * 2);
        }
        marks[markCount++] = end;
    }

    /** Forgets the marks (the ready queue was cleared). */
    void clearMarks() {
        markCount = 0;
    }

    /** A uniform index in [0, bound). */
    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** Shuffles {@code a[from, to)} in place. */
    <T> void shuffle(T[] a, int from, int to) {
        for (int i = to - 1; i > from; i--) {
            int j = from + random.nextInt(i - from + 1);
            T t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * Reorders the sources of the batch, which is the whole of {@code ready}, keeping each
     * source's callbacks in order, and starts collecting the marks of the next batch.
     */
    void permute(ArrayDeque<Runnable> ready) {
        int n = ready.size();
        mark(n);
        // sources end at ends[0..sources); a mark past n cannot happen while the ready queue is
        // only appended to and run whole, but is cut to n so no callback can be dropped
        int sources = 0;
        int prev = 0;
        for (int i = 0; i < markCount; i++) {
            int end = Math.min(marks[i], n);
            if (end > prev) {
                marks[sources++] = end;
                prev = end;
            }
        }
        if (sources > 1) {
            if (batch.length < n) {
                batch = new Runnable[Math.max(n, batch.length * 2)];
            }
            if (order.length < sources) {
                order = new int[Math.max(sources, order.length * 2)];
            }
            for (int i = 0; i < n; i++) {
                batch[i] = ready.pollFirst();
            }
            for (int i = 0; i < sources; i++) {
                order[i] = i;
            }
            for (int i = sources - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int k = 0; k < sources; k++) {
                int s = order[k];
                int from = s == 0 ? 0 : marks[s - 1];
                for (int i = from; i < marks[s]; i++) {
                    ready.addLast(batch[i]);
                }
            }
            Arrays.fill(batch, 0, n, null);
        }
        markCount = 0;
    }
}
