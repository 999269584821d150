"""The measured workloads: fan-out (bursts and steady rate), connect, idle memory, booking.

Every loop here is bounded by a count and by a deadline.
"""
import asyncio
import datetime as dt
import itertools
import os
import secrets
import time
from dataclasses import dataclass, field

from fdbench import eio, procs
from fdbench.client import Api, Pool
from fdbench.stats import latency_summary_ms

STAFF_EMAIL = "alex@frontdesk.test"
STAFF_PASSWORD = "frontdesk-demo"
BOARD_ID = 1
ROOM = f"board:{BOARD_ID}"
MAX_INDEX = 100000  # "the end of the column": moves append, so positions never need renumbering


def now() -> float:
    return time.monotonic()


# --- targets: what a fan-out run talks to -----------------------------------------------

class MovePlan:
    """Which card goes where next: round-robin over the board's cards, each to the next column."""

    def __init__(self, cards: list[dict], column_ids: list[int]):
        self.cards = [c["id"] for c in cards]
        self.where = {c["id"]: c["column_id"] for c in cards}
        self.columns = column_ids
        self.i = 0

    def next(self) -> tuple[int, int]:
        card = self.cards[self.i % len(self.cards)]
        self.i += 1
        current = self.where[card]
        column = self.columns[(self.columns.index(current) + 1) % len(self.columns)] if current in self.columns else self.columns[0]
        self.where[card] = column
        return card, column


# An envelope shaped and sized like the app's card_move broadcast, for the relays to carry.
def relay_envelope(key: str, seq: int) -> dict:
    return {
        "stream": ROOM, "seq": seq, "event": "card_move", "op": "moved",
        "data": {
            "id": 1, "board_id": 1, "column_id": 2, "title": "Order new clippers", "description": "",
            "position": 4096.0 + seq, "label_ids": [2], "assignee_id": None, "due_date": None, "appointment_id": None,
            "customer_id": None, "archived": False, "version": seq + 1, "created_at": "2026-11-25T19:30:17.387253Z",
            "updated_at": "2026-11-25T19:30:23.091451Z",
        },
        "mutation_id": key,
    }


@dataclass
class Target:
    """One server to fan out through: the app or a baseline relay."""

    kind: str  # "app" or "relay"
    label: str
    proc: procs.Managed
    origin: str
    cookie: str = ""
    api: Api | None = None
    plan: MovePlan | None = None
    sender: eio.SioClient | None = None
    seq: itertools.count = field(default_factory=itertools.count)
    deflate: bool = True

    @property
    def join(self) -> tuple[str, dict]:
        if self.kind == "app":
            return "join_board", {"board_id": BOARD_ID}
        return "join", {"room": ROOM}

    async def open_sender(self) -> None:
        """The mutating client: one extra socket that does not join the room (receives only acks)."""
        self.sender = await eio.connect(host="127.0.0.1", port=self.proc.port, namespace="/workflow",
                                        cookie=self.cookie, origin=self.origin, deflate=self.deflate)

    def socket_send(self, key: str):
        """Emit one mutation over the socket; returns the ack future."""
        assert self.sender is not None, "open_sender() first"
        if self.kind == "app":
            assert self.plan is not None, "an app target has a move plan"
            card, column = self.plan.next()
            return self.sender.emit("card_move", {"card_id": card, "column_id": column, "index": MAX_INDEX,
                                                  "mutation_id": key}, ack=True)
        return self.sender.emit("relay", {"room": ROOM, "msg": relay_envelope(key, next(self.seq))}, ack=True)

    async def rest_send(self, key: str) -> bool:
        assert self.plan is not None and self.api is not None, "REST mutations are for an app target"
        card, column = self.plan.next()
        status, body = await self.api.request("POST", f"/api/cards/{card}/move", {"column_id": column, "index": MAX_INDEX},
                                              headers={"Idempotency-Key": key})
        return status == 200

    def close_sender(self) -> None:
        if self.sender is not None:
            self.sender.close()

    async def connect(self, pool: Pool, n: int, *, timeout: float, concurrency: int = 32, via: procs.Managed | None = None,
                      workers: list[int] | None = None) -> dict:
        """Add `n` clients to the room: on the target's server, or on another process of the same app (`via`,
        with its own origin), held by the pool's `workers` (default: all)."""
        event, data = self.join
        proc, origin = (via, via.url) if via is not None else (self.proc, self.origin)
        return await pool.connect(n, host="127.0.0.1", port=proc.port, namespace="/workflow", cookie=self.cookie,
                                  origin=origin, join_event=event, join_data=data, concurrency=concurrency,
                                  deflate=self.deflate, timeout=timeout, workers=workers)


async def app_target(proc, http, label: str, deflate: bool = True) -> Target:
    api = await Api(http, proc.url).login(STAFF_EMAIL, STAFF_PASSWORD)
    status, board = await api.request("GET", f"/api/boards/{BOARD_ID}")
    if status != 200:
        raise RuntimeError(f"GET /api/boards/{BOARD_ID}: {status} {board}")
    cards = [c for c in board["cards"] if not c["archived"]]
    columns = [c["id"] for c in board["columns"] if not c["archived"]]
    if not cards or len(columns) < 2:
        raise RuntimeError("board 1 needs cards and at least two columns (manage.py seed_demo)")
    target = Target(kind="app", label=label, proc=proc, origin=proc.url, cookie=api.cookie_header, api=api,
                    plan=MovePlan(cards, columns), deflate=deflate)
    await target.open_sender()
    return target


async def relay_target(proc, label: str, deflate: bool = True) -> Target:
    target = Target(kind="relay", label=label, proc=proc, origin=proc.url, deflate=deflate)
    await target.open_sender()
    return target


# --- one measured phase --------------------------------------------------------------

def drain_timeout(expected_deliveries: int) -> float:
    """How long to wait for the last deliveries: generous, but bounded."""
    return min(240.0, 20.0 + expected_deliveries / 1500.0)


async def measure(target: Target, pool: Pool, *, transport: str, mode: str, count: int, rate: float | None = None,
                  rest_concurrency: int = 16, tag: str | None = None, servers: list[procs.Managed] | None = None) -> dict:
    """Send `count` mutations (a burst, or at `rate` per second) and time every delivery.

    `servers`: the processes whose CPU is the server's (default: the target's own).
    """
    tag = tag or secrets.token_hex(3)
    clients = pool.clients
    servers = servers or [target.proc]
    await pool.reset()
    loadgen_cpu0 = sum(s["cpu_s"] for s in await pool.stats())
    server_cpu0 = [p.cpu_seconds() for p in servers]
    own_cpu0 = procs.cpu_seconds(os.getpid())
    machine0 = procs.machine_busy_seconds()
    load0 = procs.loadavg()
    send_times: dict[str, float] = {}
    pending: list = []
    sem = asyncio.Semaphore(rest_concurrency)

    async def rest_one(key: str, throttled: bool) -> bool:
        if throttled:
            async with sem:
                send_times[key] = now()
                return await target.rest_send(key)
        send_times[key] = now()
        return await target.rest_send(key)

    def send(i: int) -> None:
        key = f"{tag}-{i}"
        if transport == "socket":
            send_times[key] = now()
            pending.append(target.socket_send(key))
        else:
            pending.append(asyncio.ensure_future(rest_one(key, mode == "burst")))

    t_first = now()
    send_deadline = t_first + (count / rate if rate else 0) + 60.0
    if mode == "burst":
        for i in range(count):
            send(i)
            if transport == "socket" and i % 50 == 49:
                await asyncio.sleep(0)  # let the transport flush
    else:
        assert rate is not None, "a steady phase needs a rate"
        interval = 1.0 / rate
        for i in range(count):
            delay = t_first + i * interval - now()
            if delay > 0:
                await asyncio.sleep(delay)
            if now() > send_deadline:
                break
            send(i)
    sent = len(pending)
    ack_errors = 0
    ack_timeout = drain_timeout(sent * max(clients, 1))
    done, not_done = await asyncio.wait([asyncio.ensure_future(p) for p in pending], timeout=ack_timeout)
    for fut in not_done:
        fut.cancel()
        ack_errors += 1
    for fut in done:
        try:
            answer = fut.result()
        except Exception:  # noqa: BLE001
            ack_errors += 1
            continue
        if answer is False or (isinstance(answer, dict) and answer.get("ok") is False):
            ack_errors += 1
    t_acked = now()
    ok_sent = sent - ack_errors
    received = await pool.wait(ok_sent, timeout=drain_timeout(ok_sent * clients))
    result = await pool.collect(send_times)
    server_cpu_each = [p.cpu_seconds() - cpu0 for p, cpu0 in zip(servers, server_cpu0)]
    server_cpu = sum(server_cpu_each)
    loadgen_cpu = sum(s["cpu_s"] for s in await pool.stats()) - loadgen_cpu0
    own_cpu = procs.cpu_seconds(os.getpid()) - own_cpu0
    machine = procs.machine_busy_seconds() - machine0
    t_end = now()
    # CPU used meanwhile by processes that are not part of this benchmark (other work on the machine).
    other_cpu_pct = max(0.0, 100 * (machine - server_cpu - loadgen_cpu - own_cpu) / max(1e-6, t_end - t_first))
    last = result["last_recv"] or now()
    duration = max(1e-6, last - t_first)
    lat = latency_summary_ms(result["lat_us"])
    expected = ok_sent * clients
    return {
        "target": target.label,
        "transport": transport,
        "mode": mode if mode == "burst" else f"{rate:g}/s",
        "clients": clients,
        "mutations": sent,
        "ack_errors": ack_errors,
        "deliveries_expected": expected,
        "deliveries": result["matched"],
        "lost": max(0, expected - result["matched"]),
        # Receipts beyond one per client per mutation: sent twice (a process's store relay catching up).
        "extra": max(0, result["matched"] - expected),
        "duration_s": round(duration, 3),
        "ack_span_s": round(t_acked - t_first, 3),
        "deliveries_per_s": round(result["matched"] / duration, 1),
        "mutations_per_s": round(ok_sent / duration, 1),
        **{f"latency_{k}": v for k, v in lat.items()},
        "server_cpu_pct": round(100 * server_cpu / duration, 1),
        # Server CPU (all its threads and processes) per delivery, mutations included for the app.
        "server_cpu_us_per_delivery": round(1e6 * server_cpu / result["matched"], 2) if result["matched"] else None,
        "loadgen_cpu_pct": round(100 * loadgen_cpu / duration, 1),
        "driver_cpu_pct": round(100 * own_cpu / duration, 1),
        "other_cpu_pct": round(other_cpu_pct, 1),
        "loadavg_before": load0,
        "received_total": received,
        "server_cpu_s_by_process": [round(x, 3) for x in server_cpu_each],
        # Per worker process of the pool: its clients' deliveries, over the time to its own last receipt.
        "per_worker": [{"clients": c, "deliveries": w["matched"],
                        "deliveries_per_s": round(w["matched"] / max(1e-6, (w["last_recv"] or t_first) - t_first), 1)}
                       for c, w in zip(pool.counts, result["per_worker"])],
    }


# --- mutation cost ---------------------------------------------------------------------

async def mutation_cost(target: Target, *, transport: str, count: int, warmup: int, deadline: float) -> dict:
    """`count` card moves one after another (each waits for the answer to the previous one), nobody in the
    room: the server's CPU per move is the mutation's own cost, with no fan-out. Stops at `deadline` (a time.time())."""
    tag = secrets.token_hex(3)

    async def move(key: str) -> bool:
        if transport == "rest":
            return await target.rest_send(key)
        answer = await asyncio.wait_for(target.socket_send(key), 30)
        return isinstance(answer, dict) and answer.get("ok") is True

    for i in range(warmup):  # first-use costs (imports, caches, the database's pages), not recorded
        await move(f"{tag}-warm-{i}")
    latencies: list[int] = []
    errors = 0
    cpu0, t0 = target.proc.cpu_seconds(), now()
    for i in range(count):
        if time.time() > deadline:
            break
        t = now()
        try:
            ok = await move(f"{tag}-{i}")
        except Exception:  # noqa: BLE001
            ok = False
        latencies.append(int((now() - t) * 1e6))
        errors += not ok
    elapsed = now() - t0
    cpu = target.proc.cpu_seconds() - cpu0
    moves = len(latencies)
    lat = latency_summary_ms(latencies)
    return {
        "target": target.label,
        "transport": transport,
        "moves": moves,
        "errors": errors,
        "duration_s": round(elapsed, 3),
        "moves_per_s": round(moves / elapsed, 1) if elapsed else None,
        "server_cpu_ms_per_move": round(1000 * cpu / moves, 2) if moves else None,
        "server_cpu_pct": round(100 * cpu / elapsed, 1) if elapsed else None,
        **{f"latency_{k}": v for k, v in lat.items()},
    }


# --- booking -------------------------------------------------------------------------

async def booking(proc, http, *, customers: int, bookings: int, db: str, first_day_offset: int = 14) -> dict:
    """Register and log in `customers`, then let them book `bookings` free slots concurrently."""
    run = secrets.token_hex(3)
    users = [Api(http, proc.url) for _ in range(customers)]

    async def register(i: int, api: Api) -> tuple[float, float]:
        t0 = now()
        await api.request("GET", "/api/auth/csrf")
        email = f"bench-{run}-{i}@example.com"
        password = f"Bench-{run}-pass-{i}!"
        status, body = await api.request("POST", "/api/auth/register",
                                         {"name": f"Bench Customer {i}", "email": email, "phone": "", "password": password},
                                         timeout=300)
        if status != 201:
            raise RuntimeError(f"register: {status} {body}")
        t1 = now()
        status, body = await api.request("POST", "/api/auth/login", {"email": email, "password": password}, timeout=300)
        if status != 200:
            raise RuntimeError(f"login: {status} {body}")
        return t1 - t0, now() - t1

    t0 = now()
    times = await asyncio.gather(*(register(i, api) for i, api in enumerate(users)))
    onboarding_s = now() - t0
    register_lat = sorted(t[0] for t in times)
    login_lat = sorted(t[1] for t in times)

    # Free slots, from availability, far enough ahead to miss the demo data.
    status, services = await users[0].request("GET", "/api/services")
    service = next((s for s in services if s["duration_minutes"] == 30 and not s["resource_ids"]), services[0])
    slots: list[str] = []
    availability_lat = []
    today = dt.date.today()
    for offset in range(first_day_offset, first_day_offset + 400):
        if len(slots) >= bookings:
            break
        day = (today + dt.timedelta(days=offset)).isoformat()
        t = now()
        status, body = await users[0].request("GET", f"/api/availability?service={service['id']}&date={day}")
        availability_lat.append(now() - t)
        if status != 200:
            raise RuntimeError(f"availability: {status} {body}")
        for slot in body["slots"]:
            slots.extend([slot["start"]] * len(slot["resource_ids"]))
    slots = slots[:bookings]
    queue = list(reversed(slots))
    latencies: list[float] = []
    outcome = {"created": 0, "conflict": 0, "error": 0}
    errors: dict[str, int] = {}
    deadline = now() + 300

    async def customer(api: Api) -> None:
        while queue and now() < deadline:
            start = queue.pop()
            t = now()
            status, body = await api.request("POST", "/api/appointments", {"service": service["id"], "start": start})
            latencies.append(now() - t)
            if status == 201:
                outcome["created"] += 1
            elif status == 409:
                outcome["conflict"] += 1
            else:
                outcome["error"] += 1
                code = f"{status} {(body or {}).get('error', {}).get('code') if isinstance(body, dict) else str(body)[:60]}"
                errors[code] = errors.get(code, 0) + 1

    cpu0 = proc.cpu_seconds()
    t0 = now()
    await asyncio.gather(*(customer(api) for api in users))
    elapsed = now() - t0
    cpu = proc.cpu_seconds() - cpu0
    lat = latency_summary_ms([int(x * 1e6) for x in latencies])
    availability_lat.sort()
    return {
        "db": db,
        "customers": customers,
        "attempts": len(latencies),
        **outcome,
        "errors": errors,
        "duration_s": round(elapsed, 3),
        "bookings_per_s": round(outcome["created"] / elapsed, 1) if elapsed else None,
        **{f"latency_{k}": v for k, v in lat.items()},
        "server_cpu_pct": round(100 * cpu / elapsed, 1) if elapsed else None,
        "onboarding_s": round(onboarding_s, 2),
        "register_p50_s": round(register_lat[len(register_lat) // 2], 3),
        "login_p50_s": round(login_lat[len(login_lat) // 2], 3),
        "availability_p50_ms": round(1000 * availability_lat[len(availability_lat) // 2], 2) if availability_lat else None,
    }
