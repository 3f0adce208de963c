package io.jasyncio.streams;

import static io.jasyncio.streams.NetTesting.port;
import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Asyncio;
import io.jasyncio.Loops;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link StreamWriter}'s flow control settings (issue 8: write-buffer limits readable). */
class StreamWriterTest {

    @Nested
    class WriteBufferLimits {
        @Test
        void theDefaultLimitsAreReadableAndFollowSetWriteBufferLimits() {
            List<Integer> got = Loops.runVirtual(() -> {
                MemoryStream m = MemoryStream.open();
                int high = m.writer().writeBufferHighWater();
                int low = m.writer().writeBufferLowWater();
                m.writer().transport().setWriteBufferLimits(1000, 100);
                return List.of(high, low, m.writer().writeBufferHighWater(), m.writer().writeBufferLowWater());
            });
            assertThat(got).containsExactly(64 * 1024, 16 * 1024, 1000, 100);
        }

        @Test
        void aSocketConnectionReportsItsLimits() {
            List<Integer> got = Asyncio.run(() -> {
                try (Server s = Streams.startServer(c -> c.close(), "127.0.0.1", 0);
                     Connection c = Streams.openConnection("127.0.0.1", port(s))) {
                    c.transport().setWriteBufferLimits(4096, 0);
                    return List.of(c.writer().writeBufferHighWater(), c.writer().writeBufferLowWater(),
                            c.transport().writeBufferHighWater());
                }
            });
            assertThat(got).containsExactly(4096, 0, 4096);
        }
    }
}
