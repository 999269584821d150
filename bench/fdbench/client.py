"""Orchestrator-side helpers: the REST client (session cookie + CSRF) and the worker pool."""
import array
import asyncio
import base64
import json
import os
import sys
from http.cookies import SimpleCookie

import aiohttp

from fdbench.procs import BENCH_DIR


class Api:
    """One logged-in (or anonymous) browser-like user over a shared aiohttp session.

    Cookies are kept by hand (not in aiohttp's jar) so several users can share one
    connection pool, and so `Secure` cookies still work against the plain-HTTP test server.
    """

    def __init__(self, http: aiohttp.ClientSession, base_url: str):
        self.http = http
        self.base = base_url
        self.cookies: dict[str, str] = {}

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def _absorb(self, response: aiohttp.ClientResponse) -> None:
        for header in response.headers.getall("Set-Cookie", []):
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value

    async def request(self, method: str, path: str, body=None, headers: dict | None = None, timeout: float = 30.0):
        hdrs = {"Origin": self.base}
        if self.cookies:
            hdrs["Cookie"] = self.cookie_header
        if method != "GET":
            hdrs["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        if headers:
            hdrs.update(headers)
        async with self.http.request(method, self.base + path, json=body, headers=hdrs,
                                     timeout=aiohttp.ClientTimeout(total=timeout)) as response:
            self._absorb(response)
            text = await response.text()
            try:
                data = json.loads(text) if text else None
            except ValueError:
                data = text
            return response.status, data

    async def login(self, email: str, password: str) -> "Api":
        await self.request("GET", "/api/auth/csrf")
        status, data = await self.request("POST", "/api/auth/login", {"email": email, "password": password})
        if status != 200:
            raise RuntimeError(f"login {email} failed: {status} {data}")
        return self


def new_http(limit: int = 100) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=limit, force_close=False),
        cookie_jar=aiohttp.DummyCookieJar(),
    )


class WorkerProc:
    def __init__(self):
        self.proc: asyncio.subprocess.Process | None = None
        self.lock = asyncio.Lock()

    async def start(self) -> "WorkerProc":
        env = {**os.environ, "PYTHONPATH": str(BENCH_DIR)}
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "fdbench.worker", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            env=env, limit=256 * 1024 * 1024,
        )
        return self

    async def call(self, cmd: str, timeout: float = 600.0, **kwargs):
        proc = self.proc
        assert proc is not None and proc.stdin is not None and proc.stdout is not None, "start() first"
        async with self.lock:
            proc.stdin.write((json.dumps({"cmd": cmd, **kwargs}) + "\n").encode())
            await proc.stdin.drain()
            line = await asyncio.wait_for(proc.stdout.readline(), timeout)
        if not line:
            raise RuntimeError(f"worker {proc.pid} died (exit {proc.returncode})")
        answer = json.loads(line)
        if isinstance(answer, dict) and "error" in answer and len(answer) == 1:
            raise RuntimeError(f"worker {proc.pid}: {answer['error']}")
        return answer

    async def stop(self) -> None:
        if self.proc is None or self.proc.returncode is not None:
            return
        try:
            await self.call("exit", timeout=15)
        except Exception:  # noqa: BLE001
            pass
        try:
            await asyncio.wait_for(self.proc.wait(), 10)
        except TimeoutError:
            self.proc.kill()
            await self.proc.wait()


class Pool:
    """Receiving clients spread over several worker processes."""

    def __init__(self, size: int):
        self.workers = [WorkerProc() for _ in range(size)]
        self.counts = [0] * size  # clients connected per worker

    async def __aenter__(self) -> "Pool":
        await asyncio.gather(*(w.start() for w in self.workers))
        return self

    async def __aexit__(self, *exc) -> None:
        await asyncio.gather(*(w.stop() for w in self.workers), return_exceptions=True)

    @property
    def clients(self) -> int:
        return sum(self.counts)

    async def connect(self, n: int, *, timeout: float = 60.0, workers: list[int] | None = None, **kwargs) -> dict:
        """Add `n` clients, spread evenly over the workers (those of index in `workers` only, when given),
        within `timeout` seconds; returns the combined answer."""
        kwargs["within"] = timeout
        chosen = list(range(len(self.workers))) if workers is None else workers
        share = {idx: n // len(chosen) + (1 if k < n % len(chosen) else 0) for k, idx in enumerate(chosen)}
        busy = [idx for idx in chosen if share[idx]]
        answers = await asyncio.gather(*(self.workers[idx].call("connect", n=share[idx], timeout=timeout + 60, **kwargs)
                                         for idx in busy))
        for idx, answer in zip(busy, answers):
            self.counts[idx] += answer["connected"]
        errors: dict[str, int] = {}
        for a in answers:
            for name, count in a["errors"].items():
                errors[name] = errors.get(name, 0) + count
        return {
            "connected": sum(a["connected"] for a in answers),
            "failed": sum(a["failed"] for a in answers),
            "errors": errors,
            "elapsed_s": max(a["t_end"] for a in answers) - min(a["t_start"] for a in answers),
            "per_client_p50_s": max((a["p50"] or 0) for a in answers),
            "per_client_p99_s": max((a["p99"] or 0) for a in answers),
        }

    async def reset(self) -> None:
        await asyncio.gather(*(w.call("reset") for w in self.workers))

    async def wait(self, per_client: int, timeout: float) -> int:
        answers = await asyncio.gather(
            *(w.call("wait", expected=per_client * c, within=timeout, timeout=timeout + 30) for w, c in zip(self.workers, self.counts))
        )
        return sum(a["received"] for a in answers)

    async def collect(self, send_times: dict[str, float]) -> dict:
        answers = await asyncio.gather(*(w.call("collect", send_times=send_times) for w in self.workers))
        lat = array.array("i")
        for a in answers:
            lat.frombytes(base64.b64decode(a["lat_us"]))
        firsts = [a["first_recv"] for a in answers if a["first_recv"] is not None]
        lasts = [a["last_recv"] for a in answers if a["last_recv"] is not None]
        return {
            "received": sum(a["received"] for a in answers),
            "matched": sum(a["matched"] for a in answers),
            "unmatched": sum(a["unmatched"] for a in answers),
            "first_recv": min(firsts) if firsts else None,
            "last_recv": max(lasts) if lasts else None,
            "lat_us": lat,
            "open_clients": sum(a["open_clients"] for a in answers),
            # What each worker's clients received, for clients of one server per worker (scale-out).
            "per_worker": [{"matched": a["matched"], "last_recv": a["last_recv"]} for a in answers],
        }

    async def stats(self) -> list[dict]:
        return await asyncio.gather(*(w.call("stats") for w in self.workers))

    async def close_clients(self) -> None:
        await asyncio.gather(*(w.call("close") for w in self.workers))
        self.counts = [0] * len(self.workers)
