package io.jasyncio.internal.task;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Remembers failures nobody retrieved, and reports them deterministically.
 *
 * <p>asyncio reports "exception was never retrieved" from {@code __del__}, which in Java would
 * mean finalizers. Here each failed future gets a weak record: when the future becomes garbage
 * the record is enqueued and reported by the loop at its next iteration, and every record still
 * standing when the loop closes is reported then. Retrieving the exception drops the record.
 * Loop-confined.
 */
final class FailureTracker {
    private final RealEventLoop loop;
    private final ReferenceQueue<RealFuture<?>> collected = new ReferenceQueue<>();
    private final Set<Record> live = new LinkedHashSet<>();

    FailureTracker(RealEventLoop loop) {
        this.loop = loop;
    }

    Record track(RealFuture<?> f, Throwable t) {
        Record r = new Record(f, t);
        live.add(r);
        return r;
    }

    /** Reports the records whose futures were collected. Cheap when there are none. */
    void pollCollected() {
        Object o;
        while ((o = collected.poll()) != null) {
            Record r = (Record) o;
            if (live.remove(r)) {
                report(r, null);
            }
        }
    }

    /** Reports every record still standing; the loop is closing. */
    void reportAll() {
        pollCollected();
        for (Record r : live.toArray(new Record[0])) {
            live.remove(r);
            report(r, r.get());
        }
    }

    private void report(Record r, RealFuture<?> f) {
        boolean isTask = r.description.startsWith("Task[");
        loop.report((isTask ? "Task exception was never retrieved: " : "Future exception was never retrieved: ")
                + r.description, r.failure, f, f instanceof RealTask<?> t ? t : null, null);
    }

    final class Record extends WeakReference<RealFuture<?>> {
        final Throwable failure;
        final String description;

        Record(RealFuture<?> f, Throwable failure) {
            super(f, collected);
            this.failure = failure;
            this.description = f.toString();
        }

        void retrieved() {
            live.remove(this);
            clear();
        }
    }
}
