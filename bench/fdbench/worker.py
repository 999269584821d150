"""A load-generator process: holds many receiving Socket.IO clients.

Started by the orchestrator as `python -m fdbench.worker`; it reads one JSON command
per line on stdin and answers with one JSON line on stdout. Receipts are recorded as
(key, monotonic time) pairs; CLOCK_MONOTONIC is system-wide on Linux, so times taken in
the orchestrator (send) and here (receive) are comparable.

Commands:
  connect  {host, port, namespace, cookie, origin, n, join_event, join_data, concurrency, deflate, within}
  reset    {}                      forget receipts
  wait     {expected, within}       until this process has received `expected` broadcasts
  collect  {send_times: {key: t}}  latencies of matched receipts (µs, int32, base64)
  stats    {}                      RSS / CPU of this process
  close    {}                      close every socket
  exit     {}
"""
import array
import asyncio
import base64
import json
import os
import sys
import time

from fdbench import eio
from fdbench.procs import cpu_seconds, raise_nofile_limit, rss_kib


class Worker:
    def __init__(self):
        self.clients: list[eio.SioClient] = []
        self.keys: list = []
        self.times: list[float] = []
        self.received = 0

    def on_broadcast(self, key, t):
        self.keys.append(key)
        self.times.append(t)

    async def connect(self, *, host, port, namespace, cookie="", origin="", n=1, join_event=None, join_data=None,
                      concurrency=64, deflate=True, within=60.0):
        sem = asyncio.Semaphore(concurrency)
        durations: list[float] = []
        errors: dict[str, int] = {}
        start = time.monotonic()
        deadline = start + within

        async def one():
            async with sem:
                t0 = time.monotonic()
                remaining = deadline - t0
                if remaining <= 0:
                    errors["timeout"] = errors.get("timeout", 0) + 1
                    return
                try:
                    client = await eio.connect(host=host, port=port, namespace=namespace, cookie=cookie, origin=origin,
                                               on_broadcast=self.on_broadcast, deflate=deflate, timeout=remaining)
                    if join_event:
                        answer = await client.call(join_event, join_data, timeout=max(0.1, deadline - time.monotonic()))
                        if not (isinstance(answer, dict) and answer.get("ok", True) is not False):
                            client.close()
                            raise RuntimeError(f"join refused: {str(answer)[:200]}")
                    self.clients.append(client)
                    durations.append(time.monotonic() - t0)
                except Exception as exc:  # noqa: BLE001
                    name = f"{type(exc).__name__}: {str(exc)[:120]}"
                    errors[name] = errors.get(name, 0) + 1

        await asyncio.gather(*(one() for _ in range(n)))
        durations.sort()
        return {
            "connected": len(durations),
            "failed": n - len(durations),
            "errors": errors,
            "t_start": start,
            "t_end": time.monotonic(),
            "p50": durations[len(durations) // 2] if durations else None,
            "p99": durations[min(len(durations) - 1, int(len(durations) * 0.99))] if durations else None,
            "max": durations[-1] if durations else None,
        }

    def reset(self):
        self.keys = []
        self.times = []
        return {"ok": True}

    async def wait(self, *, expected, within):
        deadline = time.monotonic() + within
        while len(self.times) < expected and time.monotonic() < deadline:
            await asyncio.sleep(0.005)
        return {"received": len(self.times)}

    def collect(self, *, send_times):
        sends = {k.encode(): v for k, v in send_times.items()}
        lat = array.array("i")
        unmatched = 0
        first = last = None
        for key, t in zip(self.keys, self.times):
            sent = sends.get(key)
            if sent is None:
                unmatched += 1
                continue
            lat.append(int((t - sent) * 1e6))
            if first is None or t < first:
                first = t
            if last is None or t > last:
                last = t
        return {
            "received": len(self.times),
            "matched": len(lat),
            "unmatched": unmatched,
            "first_recv": first,
            "last_recv": last,
            "lat_us": base64.b64encode(lat.tobytes()).decode(),
            "open_clients": sum(1 for c in self.clients if not c.closed),
        }

    def stats(self):
        return {"pid": os.getpid(), "rss_kib": rss_kib(os.getpid()), "cpu_s": cpu_seconds(os.getpid()),
                "open_clients": sum(1 for c in self.clients if not c.closed)}

    async def close(self):
        for client in self.clients:
            client.close()
        waits = [c.close_future for c in self.clients if not c.close_future.done()]
        if waits:
            await asyncio.wait(waits, timeout=5)
        self.clients = []
        return {"ok": True}


async def main():
    raise_nofile_limit()
    worker = Worker()
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=64 * 1024 * 1024)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    out = sys.stdout
    while True:
        line = await reader.readline()
        if not line:
            break
        msg = json.loads(line)
        cmd = msg.pop("cmd")
        try:
            if cmd == "exit":
                await worker.close()
                out.write(json.dumps({"ok": True}) + "\n")
                out.flush()
                break
            fn = getattr(worker, cmd)
            result = fn(**msg)
            if asyncio.iscoroutine(result):
                result = await result
        except Exception as exc:  # noqa: BLE001
            result = {"error": f"{type(exc).__name__}: {exc}"}
        out.write(json.dumps(result) + "\n")
        out.flush()


if __name__ == "__main__":
    try:
        import uvloop
    except ImportError:
        asyncio.run(main())
    else:
        uvloop.run(main())
