"""CPython asyncio side of bench/scopes: the same three measurements as ScopeBench.java.

timeout:   enter and exit asyncio.timeout() around a body that does not suspend, per scope
taskgroup: spawn one child into a TaskGroup and join it, per child (1000 per group, 100 groups)
gather:    gather 1000 trivial tasks, per gather (100 gathers)
Prints RESULT op=NAME ns_per_op=V lines (median of passes after a warm-up).
"""
import asyncio
import os
import statistics
import time

WARM = float(os.environ.get("WARMUP_SECONDS", 2))
MEASURE = float(os.environ.get("MEASURE_SECONDS", 2))


async def timeouts(n):
    acc = 0
    for i in range(n):
        async with asyncio.timeout(10):
            acc += i
    return acc


async def nothing():
    return None


async def value(v):
    return v


async def groups(children):
    for _ in range(100):
        async with asyncio.TaskGroup() as tg:
            for _ in range(children):
                tg.create_task(nothing())


async def gathers(n):
    for _ in range(100):
        await asyncio.gather(*[asyncio.ensure_future(value(i)) for i in range(n)])


def report(op, make, ops_per_pass):
    end = time.monotonic() + WARM
    while time.monotonic() < end:
        asyncio.run(make())
    samples = []
    end = time.monotonic() + MEASURE
    while time.monotonic() < end or len(samples) < 3:
        t0 = time.perf_counter_ns()
        asyncio.run(make())
        samples.append((time.perf_counter_ns() - t0) / ops_per_pass)
    print(f"RESULT op={op} ns_per_op={statistics.median(samples):.1f} passes={len(samples)}", flush=True)


def main():
    report("timeout", lambda: timeouts(20_000), 20_000)
    report("taskgroup", lambda: groups(1000), 100 * 1000)
    report("gather", lambda: gathers(1000), 100)


if __name__ == "__main__":
    main()
