package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.ExceptionGroup;
import io.jasyncio.Task;
import io.jasyncio.TaskGroup;
import java.time.Duration;
import java.util.List;

/**
 * A request handler with a 500 ms budget fanning out to three simulated upstreams, each with a
 * 150 ms budget, in a TaskGroup: a slow upstream falls back to a default value, a failing one
 * makes the whole request fail with the grouped failure, and no task outlives a request.
 */
final class RequestDemo {
    private RequestDemo() {
    }

    /** An upstream that answers after {@code latencyMs}, or fails when {@code fails}. */
    private record Upstream(String name, long latencyMs, boolean fails) {
        String call() {
            Asyncio.sleep(Duration.ofMillis(latencyMs));
            if (fails) {
                throw new IllegalStateException(name + " answered 503");
            }
            return name + ":ok";
        }
    }

    static void run() {
        handle("request-1", List.of(new Upstream("users", 40, false), new Upstream("recommendations", 400, false),
                new Upstream("inventory", 90, false)));
        handle("request-2", List.of(new Upstream("users", 40, false), new Upstream("recommendations", 400, false),
                new Upstream("inventory", 60, true)));
    }

    private static void handle(String id, List<Upstream> upstreams) {
        long t0 = Asyncio.runningLoop().time();
        try {
            List<String> replies = Asyncio.timeout(Duration.ofMillis(500), () -> TaskGroup.run(tg -> {
                List<Task<String>> calls = upstreams.stream()
                        .map(u -> tg.createTask(u.name(), () -> Asyncio.moveOnAfter(Duration.ofMillis(150), u::call,
                                u.name() + ":fallback")))
                        .toList();
                return calls.stream().map(Task::await).toList();
            }));
            Demo.say(id + " answered " + replies + " in " + ms(t0) + " ms");
        } catch (ExceptionGroup g) {
            Demo.say(id + " failed after " + ms(t0) + " ms with " + g.getMessage() + ": "
                    + g.exceptions().stream().map(Throwable::getMessage).toList());
        }
        Demo.say(id + " done; tasks still alive: " + Asyncio.allTasks().stream().map(Task::name).toList());
    }

    private static long ms(long t0) {
        return (Asyncio.runningLoop().time() - t0) / 1_000_000;
    }
}
