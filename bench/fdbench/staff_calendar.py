"""The staff calendar: many staff tabs, each watching a different week, and bookings into a few known weeks.

Each client opens the `/appointments` namespace and, like the real calendar page, sends
only `watch_days` (never `watch_dashboard`, so the dashboard feed, stream `appointments`,
must not reach it) for its own week, Monday to Sunday, as client/features/calendar/useCalendar.ts does; the server joins
it to the week's day streams (`day:<date>`). Then staff book one after another over REST
(`POST /api/appointments` for a customer, as the calendar's "book" dialog does) on a few
days of BOOKED_WEEKS known weeks, and every receipt is counted per client and per stream.

The clients live in this process, not in the load-generator workers: the check is per
client (which week it watches, which day streams it got), and the traffic is small.
Broadcasts are keyed by their envelope's `stream` (eio.STREAM_KEY) instead of their
mutation id. Every wait is bounded.
"""
import asyncio
import datetime as dt
import secrets
import time
from collections import Counter
from dataclasses import dataclass, field

from fdbench import eio, procs
from fdbench.client import Api
from fdbench.scenarios import STAFF_EMAIL, STAFF_PASSWORD
from fdbench.stats import latency_summary_ms

NAMESPACE = "/appointments"
BOOKED_WEEKS = 4  # weeks that get bookings; the other watchers must receive none of their days' events
BOOKINGS_PER_WEEK = 5  # on different days of the week
FIRST_BOOKED_WEEK = 8  # weeks ahead: clear of the demo data and of the booking section's slots (from 2 weeks on)
BOOKED_FOR = "Robin"  # the demo customer staff book for
QUIET_S = 0.5  # no new receipt for this long: everything that was coming has come


@dataclass
class Watcher:
    """One staff tab: the week it watches and what it received, by stream."""

    monday: dt.date
    got: Counter[bytes] = field(default_factory=Counter)  # receipts by stream
    client: eio.SioClient | None = None

    def on_broadcast(self, stream: bytes | None, t: float) -> None:
        self.got[stream or b""] += 1

    @property
    def days(self) -> set[bytes]:
        return {f"day:{self.monday + dt.timedelta(days=n)}".encode() for n in range(7)}


def mondays(clients: int) -> tuple[list[dt.date], list[dt.date]]:
    """A different week for each client, the booked weeks in the middle (earlier weeks are in the past);
    and the booked weeks."""
    today = dt.date.today()
    first_booked = today + dt.timedelta(days=7 * FIRST_BOOKED_WEEK - today.weekday())
    offset = clients // 2
    weeks = [first_booked + dt.timedelta(weeks=i - offset) for i in range(clients)]
    return weeks, weeks[offset: offset + BOOKED_WEEKS]


def expected_day_events(booked: list[dt.date]) -> Counter[bytes]:
    """Each booking's event for its day goes to that day's stream, once."""
    return Counter(f"day:{day}".encode() for day in booked)


def tally(watchers: list[Watcher], booked: list[dt.date]) -> dict:
    """Per client: day events of another week (must be none), of its own week missed or beyond the expected; and
    how many clients got exactly their week's events. Deliveries of day streams and of the dashboard feed."""
    expected = expected_day_events(booked)
    wrong = missed = extra = exact = day_deliveries = feed_deliveries = 0
    for w in watchers:
        own = w.days
        others = 0
        for stream, n in w.got.items():
            if stream.startswith(b"day:"):
                day_deliveries += n
                if stream not in own:
                    others += n
            else:
                feed_deliveries += n
        wrong += others
        missed += sum(max(0, expected[d] - w.got[d]) for d in own)
        extra += sum(max(0, w.got[d] - expected[d]) for d in own)
        exact += not others and all(w.got[d] == expected[d] for d in own)
    return {"clients_exact": exact, "wrong_week_deliveries": wrong, "missed": missed, "extra": extra,
            "day_deliveries": day_deliveries, "feed_deliveries": feed_deliveries}


async def _quiet(total, within: float) -> None:
    """Until `total()` has not changed for QUIET_S seconds (at most `within`)."""
    deadline = time.monotonic() + within
    last, since = total(), time.monotonic()
    while time.monotonic() < deadline:
        await asyncio.sleep(0.05)
        now = total()
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= QUIET_S:
            return


async def measure(server: procs.AppServer, http, *, clients: int, deadline: float) -> dict:
    """Connect and watch, book, count; `deadline` is a time.time() by which to stop connecting and booking."""
    api = await Api(http, server.url).login(STAFF_EMAIL, STAFF_PASSWORD)
    status, services = await api.request("GET", "/api/services")
    service = next((s for s in services if s["duration_minutes"] == 30 and not s["resource_ids"]), services[0])
    status, customers = await api.request("GET", f"/api/customers?q={BOOKED_FOR}")
    if status != 200 or not customers:
        raise RuntimeError(f"GET /api/customers?q={BOOKED_FOR}: {status} {customers}")
    customer = customers[0]["id"]
    weeks, booked_weeks = mondays(clients)

    # The slots to book: the first free one of each of the first BOOKINGS_PER_WEEK open days of each booked week.
    slots: list[tuple[str, dt.date]] = []
    for monday in booked_weeks:
        open_days = 0
        for day in (monday + dt.timedelta(days=n) for n in range(7)):
            status, body = await api.request("GET", f"/api/availability?service={service['id']}&date={day}")
            if status != 200:
                raise RuntimeError(f"availability: {status} {body}")
            if body["slots"]:
                slots.append((body["slots"][0]["start"], day))
                open_days += 1
                if open_days == BOOKINGS_PER_WEEK:
                    break

    # Every client connects and watches its week.
    watchers = [Watcher(monday) for monday in weeks]
    sem = asyncio.Semaphore(32)
    errors: Counter[str] = Counter()
    connect_deadline = min(deadline, time.time() + 120)

    async def watch(w: Watcher) -> None:
        async with sem:
            try:
                within = connect_deadline - time.time()
                if within <= 0:
                    raise TimeoutError("out of time")
                w.client = await eio.connect(host="127.0.0.1", port=server.port, namespace=NAMESPACE, cookie=api.cookie_header,
                                             origin=server.url, on_broadcast=w.on_broadcast, key_field=eio.STREAM_KEY,
                                             timeout=within)
                answer = await w.client.call("watch_days", {"from": str(w.monday), "to": str(w.monday + dt.timedelta(days=6)),
                                                            "after": {}}, timeout=max(0.1, connect_deadline - time.time()))
                if not (isinstance(answer, dict) and answer.get("ok")):
                    raise RuntimeError(f"watch_days refused: {str(answer)[:200]}")
            except Exception as exc:  # noqa: BLE001
                errors[f"{type(exc).__name__}: {str(exc)[:120]}"] += 1
                if w.client is not None:
                    w.client.close()
                w.client = None

    t0 = time.monotonic()
    await asyncio.gather(*(watch(w) for w in watchers))
    connect_s = time.monotonic() - t0
    watching = [w for w in watchers if w.client is not None]

    def received() -> int:
        return sum(sum(w.got.values()) for w in watching)

    # The connect-time dashboard snapshots are not part of what a booking causes.
    await _quiet(received, within=30)
    for w in watching:
        w.got.clear()

    latencies: list[int] = []
    booked: list[dt.date] = []
    booking_errors: Counter[str] = Counter()
    cpu0, t0 = server.cpu_seconds(), time.monotonic()
    for start, day in slots:
        if time.time() > deadline:
            break
        t = time.monotonic()
        status, body = await api.request("POST", "/api/appointments", {"service": service["id"], "start": start,
                                                                        "customer": customer},
                                         headers={"Idempotency-Key": secrets.token_hex(8)})
        latencies.append(int((time.monotonic() - t) * 1e6))
        if status == 201:
            booked.append(day)
        else:
            booking_errors[f"{status} {str(body)[:80]}"] += 1
    expected = expected_day_events(booked)
    watchers_of_booked = [w for w in watching if w.days & set(expected)]

    def all_arrived() -> bool:
        return all(w.got[day] >= expected[day] for w in watchers_of_booked for day in w.days & set(expected))

    wait_until = time.monotonic() + 30
    while not all_arrived() and time.monotonic() < wait_until:
        await asyncio.sleep(0.02)
    await _quiet(received, within=10)
    elapsed = time.monotonic() - t0
    cpu = server.cpu_seconds() - cpu0

    counted = tally(watching, booked)
    for w in watching:
        if w.client is not None:
            w.client.close()
    n = len(booked)
    lat = latency_summary_ms(latencies)
    return {
        "clients": clients,
        "watching": len(watching),
        "connect_errors": dict(errors),
        "connect_watch_s": round(connect_s, 2),
        "weeks_booked": len(booked_weeks),
        "bookings": n,
        "booking_errors": dict(booking_errors),
        **counted,
        "day_deliveries_per_booking": round(counted["day_deliveries"] / n, 2) if n else None,
        "feed_deliveries_per_booking": round(counted["feed_deliveries"] / n, 1) if n else None,
        "deliveries_per_booking": round((counted["day_deliveries"] + counted["feed_deliveries"]) / n, 1) if n else None,
        "server_cpu_ms_per_booking": round(1000 * cpu / n, 2) if n else None,
        "duration_s": round(elapsed, 2),
        **{f"booking_{k}": v for k, v in lat.items()},
    }
