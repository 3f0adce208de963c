"""CPython asyncio peer for StreamsInteropTest (written for jasyncio's tests).

usage:
  asyncio_peer.py client PORT LINES      connect, send LINES numbered lines, check each echo, print OK
  asyncio_peer.py server                 echo server on 127.0.0.1:0; prints PORT n; stops when stdin closes
  asyncio_peer.py fleet PORT CONNS       hold CONNS connections open at once (each echoes one line), print OK
"""
import asyncio
import resource
import sys


async def client(port, lines):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for i in range(lines):
        msg = f"line {i} from asyncio\n".encode()
        writer.write(msg)
        await writer.drain()
        got = await reader.readline()
        if got != msg:
            sys.exit(f"echo mismatch: sent {msg!r} got {got!r}")
    writer.write_eof()
    rest = await reader.read()
    writer.close()
    await writer.wait_closed()
    print(f"OK {lines} rest={len(rest)}", flush=True)


async def server():
    async def echo(reader, writer):
        try:
            while line := await reader.readline():
                writer.write(line)
                await writer.drain()
        finally:
            writer.close()

    srv = await asyncio.start_server(echo, "127.0.0.1", 0)
    print("PORT", srv.sockets[0].getsockname()[1], flush=True)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.read)
    srv.close()


async def fleet(port, conns):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    all_open = asyncio.Event()
    opened = 0
    sem = asyncio.Semaphore(500)  # connects in flight, below the server's backlog

    async def one(i):
        nonlocal opened
        async with sem:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"x\n")
            await writer.drain()
            if await reader.readline() != b"x\n":
                sys.exit("bad echo")
        opened += 1
        if opened == conns:
            all_open.set()
        await all_open.wait()
        writer.close()

    await asyncio.gather(*(one(i) for i in range(conns)))
    print("OK", opened, flush=True)


def main():
    mode = sys.argv[1]
    if mode == "client":
        asyncio.run(client(int(sys.argv[2]), int(sys.argv[3])))
    elif mode == "server":
        asyncio.run(server())
    elif mode == "fleet":
        asyncio.run(fleet(int(sys.argv[2]), int(sys.argv[3])))
    else:
        sys.exit("unknown mode " + mode)


if __name__ == "__main__":
    main()
