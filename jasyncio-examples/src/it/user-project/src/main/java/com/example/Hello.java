package com.example;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import java.time.Duration;

/** The README's first program, as a user would write it. */
public final class Hello {
    private Hello() {
    }

    public static String greeting() {
        return Asyncio.run(() -> {
            Task<String> name = Asyncio.createTask("lookup", () -> {
                Asyncio.sleep(Duration.ofMillis(10));
                return "world";
            });
            return "hello " + name.await();
        });
    }

    public static void main(String[] args) {
        System.out.println(greeting());
    }
}
