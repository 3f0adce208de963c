"""CPython asyncio / uvloop side of bench/bulk: the same transfer as NetWorkloads.bulk.

One loop runs a server and a client on 127.0.0.1: the client sends MIB mebibytes in 64 KiB
writes (write + drain), half-closes, and waits for the server to close; the server reads up to
1 MiB at a time until EOF. Prints RESULT workload=bulk peer=NAME value=MiB/s (after a 64 MiB
warm-up transfer).
usage: bulk.py asyncio|uvloop [MIB]
"""
import asyncio
import sys
import time


async def transfer(nbytes):
    received = 0
    done = asyncio.get_running_loop().create_future()

    async def handler(reader, writer):
        nonlocal received
        while True:
            b = await reader.read(1 << 20)
            if not b:
                break
            received += len(b)
        writer.close()
        done.set_result(None)

    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    chunk = bytes(64 * 1024)
    start = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    sent = 0
    while sent < nbytes:
        writer.write(chunk)
        await writer.drain()
        sent += len(chunk)
    writer.write_eof()
    await reader.read()
    await done
    secs = time.perf_counter() - start
    writer.close()
    server.close()
    await server.wait_closed()
    assert received >= nbytes, (received, nbytes)
    return nbytes / secs / (1 << 20)


def main():
    peer = sys.argv[1]
    mib = int(sys.argv[2]) if len(sys.argv) > 2 else 1024
    if peer == "uvloop":
        import uvloop
        uvloop.install()
    asyncio.run(transfer(min(mib, 64) << 20))
    value = asyncio.run(transfer(mib << 20))
    print(f"RESULT workload=bulk peer={peer} value={value:.1f} unit=MiB/s bytes={mib << 20}", flush=True)


if __name__ == "__main__":
    main()
