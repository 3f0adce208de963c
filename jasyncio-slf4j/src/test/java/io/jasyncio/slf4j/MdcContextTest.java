package io.jasyncio.slf4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Asyncio;
import io.jasyncio.ContextVar;
import io.jasyncio.LoopOptions;
import io.jasyncio.Task;
import io.jasyncio.testing.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class MdcContextTest {
    static final ContextVar<String> REQUEST_ID = ContextVar.named("requestId");

    @Test
    void eachTaskStepSeesItsOwnRequestIdInTheMdc() {
        MdcContext.map(REQUEST_ID);
        try {
            List<String> seen = Asyncio.run(LoopOptions.defaults().withClock(new VirtualClock()), () -> {
                List<String> log = new ArrayList<>();
                List<Task<Void>> requests = new ArrayList<>();
                for (String id : List.of("r1", "r2")) {
                    REQUEST_ID.set(id);
                    requests.add(Asyncio.createTask("handler-" + id, () -> {
                        log.add("start " + MDC.get("requestId"));
                        Asyncio.sleep(Duration.ofMillis(id.equals("r1") ? 20 : 10));   // interleave
                        log.add("resumed " + MDC.get("requestId"));
                        Asyncio.createTask(() -> {
                            log.add("child " + MDC.get("requestId"));
                            return null;
                        }).await();
                        return null;
                    }));
                }
                for (Task<Void> t : requests) {
                    t.await();
                }
                REQUEST_ID.set("r3");
                log.add("main after set " + MDC.get("requestId"));   // set mid-step: in the MDC at once
                Asyncio.yieldNow();
                log.add("main next step " + MDC.get("requestId"));
                return log;
            });
            assertThat(seen).containsExactly("start r1", "start r2", "resumed r2", "child r2", "resumed r1",
                    "child r1", "main after set r3", "main next step r3");
            assertThat(MDC.get("requestId")).isNull();   // nothing leaks to the caller's thread
        } finally {
            MdcContext.unmap("requestId");
        }
    }

    @Test
    void offloadedCallsSeeTheirCallersRequestIdAndLeaveNothingBehind() {
        MdcContext.map(REQUEST_ID);
        try {
            List<String> seen = Asyncio.run(() -> {
                REQUEST_ID.set("r7");
                List<String> log = new ArrayList<>();
                log.add("toThread " + Asyncio.toThread(() -> MDC.get("requestId")));
                log.add("compute " + Asyncio.compute(() -> MDC.get("requestId")));
                REQUEST_ID.set("r8");   // each call carries the value of its own moment
                log.add("toThread " + Asyncio.toThread(() -> MDC.get("requestId")));
                return log;
            });
            assertThat(seen).containsExactly("toThread r7", "compute r7", "toThread r8");
        } finally {
            MdcContext.unmap("requestId");
        }
    }

    @Test
    void theMainTasksFirstStepSeesAValueSetBeforeRun() {
        MdcContext.map(REQUEST_ID);
        ContextVar.Token<String> token = REQUEST_ID.set("r0");
        try {
            assertThat(MDC.get("requestId")).isEqualTo("r0");   // set outside loops: at once
            assertThat(Asyncio.run(() -> MDC.get("requestId"))).isEqualTo("r0");
        } finally {
            REQUEST_ID.reset(token);
            MdcContext.unmap("requestId");
            MDC.clear();
        }
    }

    @Test
    void aKeyIsMappedOnce() {
        MdcContext.map(REQUEST_ID, "k");
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> MdcContext.map(REQUEST_ID, "k"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already mapped");
        } finally {
            assertThat(MdcContext.unmap("k")).isTrue();
        }
    }
}
