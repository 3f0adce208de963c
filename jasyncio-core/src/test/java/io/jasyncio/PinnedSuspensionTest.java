package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A task that suspends inside a class initializer cannot unmount its virtual thread. On the loop
 * engine that would hold the loop thread forever; the watchdog turns it into an exception naming
 * the initializer. On the portable engine the same code simply works.
 */
class PinnedSuspensionTest {

    /** Suspends in its static initializer; each engine runs in its own JVM, so it initializes once. */
    static final class SleepsInInitializer {
        static final String VALUE;

        static {
            Asyncio.sleep(Duration.ofMillis(1));
            VALUE = "initialized";
        }

        private SleepsInInitializer() {
        }
    }

    @Test
    void onTheLoopEngineASuspensionInAClassInitializerFailsNamingItAndTheLoopCarriesOn() {
        assumeTrue(Loops.expectedEngine() == EngineKind.LOOP, "pinned suspensions only exist on the loop engine");
        Loops.runVirtual(() -> {
            Task<String> other = Asyncio.createTask("other", () -> {
                Asyncio.sleep(Duration.ofSeconds(1));
                return "served";
            });
            Task<String> pinned = Asyncio.createTask("pinned", () -> SleepsInInitializer.VALUE);
            assertThatThrownBy(pinned::await).isInstanceOf(ExceptionInInitializerError.class)
                    .cause().isInstanceOf(PinnedSuspensionException.class)
                    .hasMessageContaining("task thread 'pinned' tried to suspend while pinned to the loop thread "
                            + "by a class initializer " + SleepsInInitializer.class.getName() + ".<clinit>")
                    .hasMessageContaining("Do not await inside class initializers");
            // the loop keeps serving other tasks afterwards
            assertThat(other.await()).isEqualTo("served");
            assertThat(Asyncio.createTask("after", () -> {
                Asyncio.sleep(Duration.ZERO);
                return "still fine";
            }).await()).isEqualTo("still fine");
            return null;
        });
    }

    @Test
    void onThePortableEngineASuspensionInAClassInitializerSimplyWorks() {
        assumeTrue(Loops.expectedEngine() == EngineKind.PORTABLE, "the portable engine has no pinning");
        String v = Loops.runVirtual(() -> Asyncio.createTask("pinned", () -> SleepsInInitializer.VALUE).await());
        assertThat(v).isEqualTo("initialized");
    }
}
