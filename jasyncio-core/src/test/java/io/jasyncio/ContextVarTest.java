package io.jasyncio;

import static io.jasyncio.Settle.settle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ContextVarTest {
    static final ContextVar<String> REQUEST = ContextVar.named("request");
    static final ContextVar<Integer> DEPTH = ContextVar.withDefault("depth", 0);

    @Test
    void getSetResetAndDefaults() {
        Loops.runVirtual(() -> {
            assertThatThrownBy(REQUEST::get).isInstanceOf(NoSuchElementException.class)
                    .hasMessageContaining("request").hasMessageContaining("get(default)");
            assertThat(REQUEST.get("none")).isEqualTo("none");
            assertThat(DEPTH.get()).isZero();
            var t1 = REQUEST.set("a");
            var t2 = REQUEST.set("b");
            assertThat(REQUEST.get()).isEqualTo("b");
            REQUEST.reset(t2);
            assertThat(REQUEST.get()).isEqualTo("a");
            assertThatThrownBy(() -> REQUEST.reset(t2)).isInstanceOf(IllegalStateException.class).hasMessageContaining("once");
            REQUEST.reset(t1);
            assertThat(REQUEST.isSet()).isFalse();
            assertThat(t1.wasUnset()).isTrue();
            return null;
        });
    }

    @Test
    void childTasksSeeACopyTakenAtCreationAndTheirChangesStayTheirs() {
        List<String> seen = Loops.runVirtual(() -> {
            List<String> log = new ArrayList<>();
            REQUEST.set("parent");
            Task<Void> child = Asyncio.createTask("child", () -> {
                log.add("child sees " + REQUEST.get());
                REQUEST.set("child");
                Asyncio.createTask("grandchild", () -> {
                    log.add("grandchild sees " + REQUEST.get());
                    return null;
                });
                settle();
                log.add("child now " + REQUEST.get());
                return null;
            });
            REQUEST.set("parent-later");   // after the child was created: invisible to it
            child.await();
            log.add("parent sees " + REQUEST.get());
            return log;
        });
        assertThat(seen).containsExactly("child sees parent", "grandchild sees child", "child now child",
                "parent sees parent-later");
    }

    @Test
    void callbacksAndTimersRunInTheContextOfTheCodeThatScheduledThem() {
        List<String> seen = Loops.runVirtual(() -> {
            List<String> log = new ArrayList<>();
            EventLoop loop = Asyncio.runningLoop();
            REQUEST.set("r1");
            loop.callSoon(() -> {
                log.add("soon " + REQUEST.get());
                REQUEST.set("changed in callback");
            });
            loop.callLater(Duration.ofSeconds(1), () -> log.add("later " + REQUEST.get()));
            AsyncFuture<Void> f = loop.createFuture();
            f.addDoneCallback(x -> log.add("done callback " + REQUEST.get()));
            REQUEST.set("r2");
            f.setResult(null);
            Asyncio.sleep(Duration.ofSeconds(2));
            log.add("task " + REQUEST.get());
            return log;
        });
        assertThat(seen).containsExactly("soon r1", "done callback r1", "later r1", "task r2");
    }

    @Test
    void toThreadWorkersSeeTheTasksContextAndTheirChangesDoNotLeak() {
        List<String> seen = Loops.runVirtual(() -> {
            REQUEST.set("req-7");
            String inWorker = Asyncio.toThread(() -> {
                String v = REQUEST.get();
                REQUEST.set("worker");
                return v;
            });
            String inCpu = Asyncio.compute(REQUEST::get);
            return List.of(inWorker, inCpu, REQUEST.get());
        });
        assertThat(seen).containsExactly("req-7", "req-7", "req-7");
        assertThat(REQUEST.isSet()).isFalse();   // the test thread's own context is untouched
    }

    @Test
    void runCoroutineThreadsafeCarriesTheSubmittingThreadsContext() throws Exception {
        var token = REQUEST.set("from-thread");
        try {
            CompletableFuture<String>[] cf = new CompletableFuture[1];
            String r = Loops.runVirtual(() -> {
                EventLoop loop = Asyncio.runningLoop();
                String inMain = REQUEST.get();   // Asyncio.run hands the caller's context to main
                return inMain + "/" + Asyncio.toThread(() -> {
                    REQUEST.set("set-in-worker");
                    cf[0] = Asyncio.runCoroutineThreadsafe(loop, REQUEST::get);
                    return cf[0].get();
                });
            });
            assertThat(r).isEqualTo("from-thread/set-in-worker");
        } finally {
            REQUEST.reset(token);
        }
    }

    @Test
    void aTokenIsResetOnlyInTheContextThatMadeIt() {
        Loops.runVirtual(() -> {
            var t = REQUEST.set("x");
            Task<Void> other = Asyncio.createTask(() -> {
                REQUEST.reset(t);
                return null;
            });
            settle();
            assertThat(other.exception()).isInstanceOf(IllegalStateException.class).hasMessageContaining("another context");
            ContextVar<String> otherVar = ContextVar.named("other");
            @SuppressWarnings({"unchecked", "rawtypes"})
            ContextVar.Token<String> wrong = (ContextVar.Token) DEPTH.set(1);
            assertThatThrownBy(() -> otherVar.reset(wrong)).isInstanceOf(IllegalArgumentException.class);
            return null;
        });
    }

    @Test
    void contextLoggerPrefixesTheCurrentValues() {
        List<String> lines = new ArrayList<>();
        System.Logger sink = new System.Logger() {
            @Override
            public String getName() {
                return "sink";
            }

            @Override
            public boolean isLoggable(Level level) {
                return true;
            }

            @Override
            public void log(Level level, java.util.ResourceBundle bundle, String msg, Throwable thrown) {
                lines.add(msg);
            }

            @Override
            public void log(Level level, java.util.ResourceBundle bundle, String format, Object... params) {
                lines.add(java.text.MessageFormat.format(format, params));
            }
        };
        System.Logger log = ContextLogger.of(sink, REQUEST, DEPTH);
        Loops.runVirtual(() -> {
            log.log(System.Logger.Level.INFO, "before");
            REQUEST.set("r-17");
            Asyncio.createTask(() -> {
                DEPTH.set(2);
                log.log(System.Logger.Level.INFO, "in child {0}", 1);
                return null;
            }).await();
            Asyncio.toThread(() -> {
                log.log(System.Logger.Level.INFO, "in thread");
                return null;
            });
            return null;
        });
        assertThat(lines).containsExactly("before", "[request=r-17 depth=2] in child 1", "[request=r-17] in thread");
    }
}
