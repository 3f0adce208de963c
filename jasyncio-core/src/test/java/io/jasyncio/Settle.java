package io.jasyncio;

import java.time.Duration;

/** Test helper: lets every other task run until the loop is idle (virtual clock only). */
public final class Settle {
    private Settle() {
    }

    /**
     * On a virtual clock a timer fires only once nothing else is ready, so a short sleep returns
     * after every other task has run as far as it can.
     */
    public static void settle() {
        Asyncio.sleep(Duration.ofMillis(1));
    }
}
