package io.jasyncio;

import static io.jasyncio.Loops.runVirtual;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShieldTest {

    static long nowMs() {
        return Asyncio.runningLoop().time() / 1_000_000;
    }

    @Test
    void cancellingTheAwaiterLeavesTheShieldedOperationRunning() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Task<String> op = Asyncio.createTask("op", () -> {
                Asyncio.sleep(Duration.ofMillis(50));
                log.add("op finished at " + nowMs());
                return "v";
            });
            Task<String> waiter = Asyncio.createTask("waiter", () -> Asyncio.shield(op).await());
            Asyncio.sleep(Duration.ofMillis(10));
            waiter.cancel();
            try {
                waiter.await();
            } catch (CancelledError e) {
                log.add("waiter cancelled at " + nowMs());
            }
            log.add("op says " + op.await());
            return null;
        });
        assertThat(log).containsExactly("waiter cancelled at 10", "op finished at 50", "op says v");
    }

    @Test
    void aShieldedBlockFinishesItsCleanupAndTheCancellationComesRightAfter() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Task<Void> t = Asyncio.createTask("consumer", () -> {
                try {
                    Asyncio.sleep(Duration.ofHours(1));
                } catch (CancelledError e) {
                    Asyncio.shielded(() -> {
                        Asyncio.sleep(Duration.ofMillis(30));
                        log.add("offsets flushed at " + nowMs());
                        return null;
                    });
                    throw e;
                }
            });
            Asyncio.sleep(Duration.ofMillis(10));
            t.cancel("first");
            Asyncio.sleep(Duration.ofMillis(5));
            t.cancel("second, during cleanup");
            try {
                t.await();
            } catch (CancelledError e) {
                log.add("consumer cancelled: " + e.getMessage());
            }
            return null;
        });
        assertThat(log).containsExactly("offsets flushed at 40", "consumer cancelled: first");
    }

    @Test
    void aShieldedBlockHasItsOwnDeadlineSoCleanupCannotHang() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Task<Void> t = Asyncio.createTask("consumer", () -> {
                try {
                    Asyncio.sleep(Duration.ofHours(1));
                } catch (CancelledError e) {
                    try {
                        Asyncio.shielded(Duration.ofMillis(100), () -> {
                            Asyncio.sleep(Duration.ofHours(1));
                            return null;
                        });
                    } catch (AsyncTimeoutException te) {
                        log.add("flush gave up at " + nowMs());
                    }
                    throw e;
                }
            });
            Asyncio.sleep(Duration.ofMillis(10));
            t.cancel();
            try {
                t.await();
            } catch (CancelledError e) {
                log.add("cancelled");
            }
            return null;
        });
        assertThat(log).containsExactly("flush gave up at 110", "cancelled");
    }

    @Test
    void theDeadlineInsideAShieldIgnoresOuterDeadlines() {
        long[] seen = new long[2];
        runVirtual(() -> Asyncio.timeout(Duration.ofMillis(100), () -> {
            seen[0] = Asyncio.currentDeadline();
            Asyncio.shielded(() -> {
                seen[1] = Asyncio.currentDeadline();
                return null;
            });
            return null;
        }));
        assertThat(seen[0]).isEqualTo(100_000_000L);
        assertThat(seen[1]).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void anOuterTimeoutThatExpiresDuringTheShieldFiresRightAfterIt() {
        List<String> log = new ArrayList<>();
        assertThatThrownBy(() -> runVirtual(() -> Asyncio.timeout(Duration.ofMillis(10), () -> {
            Asyncio.shielded(() -> {
                Asyncio.sleep(Duration.ofMillis(50));
                log.add("shield done at " + nowMs());
                return null;
            });
            Asyncio.sleep(Duration.ZERO);
            log.add("ran on (wrong)");
            return null;
        }))).isInstanceOf(AsyncTimeoutException.class);
        assertThat(log).containsExactly("shield done at 50");
    }
}
