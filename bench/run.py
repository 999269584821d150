#!/usr/bin/env python3
"""Front desk performance benchmark: `make bench` (or `.venv/bin/python bench/run.py --help`).

Starts the real server (and baseline relays) on 127.0.0.1, drives it with real
Socket.IO websocket clients and REST calls, prints tables and writes
bench/results/latest.json. See bench/README.md for what every number means.
"""
import argparse
import asyncio
import json
import os
import platform
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from fdbench import procs, scenarios, search, staff_calendar  # noqa: E402
from fdbench.client import Pool, new_http  # noqa: E402
from fdbench.report import print_report  # noqa: E402

SECTIONS = ("fanout", "memory", "booking", "baselines", "search", "mutation", "scaleout", "calendar")
# Sections that run the real server on SQLite (the first database); "mutation" runs on PostgreSQL too.
APP_SQLITE_SECTIONS = {"fanout", "memory", "booking", "mutation", "scaleout", "calendar"}
RELAYS = ("node", "uvicorn-fanout", "uvicorn", "uvicorn-nodeflate", "granian")
RELAY_LABELS = {
    "node": "BASELINE node socket.io relay",
    # The real server's relay path without the app (no database): the fan-out target's "plain relay path".
    "uvicorn-fanout": "BASELINE python-socketio relay + realtime.fanout, uvicorn",
    "uvicorn": "BASELINE python-socketio relay, uvicorn defaults",
    "uvicorn-nodeflate": "BASELINE python-socketio relay, uvicorn no deflate",
    "granian": "BASELINE python-socketio relay, granian",
}


def csv_ints(text: str) -> list[int]:
    return [int(x.replace("_", "")) for x in text.split(",") if x.strip()]


def csv_list(text: str) -> list[str]:
    return [x.strip() for x in text.split(",") if x.strip()]


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="short smoke run (~2 min): fewer clients, events and customers")
    p.add_argument("--only", action="append", default=[], metavar="SECTION",
                   help=f"run only these sections (repeatable or comma-separated): {', '.join(SECTIONS)}")
    p.add_argument("--clients", type=csv_ints, help="fan-out room sizes (default 100,1000; quick: 100)")
    p.add_argument("--idle", type=csv_ints, help="idle connection counts for memory (default 1000,10000; quick: 1000)")
    p.add_argument("--burst", type=int, help="events per relay burst at the smallest room (default 500; quick 200)")
    p.add_argument("--app-burst", type=int,
                   help="mutations per real-app burst at the smallest room (default 200; quick 100): the app is "
                        "~100x slower than the relays, and 200 already take it well past its warm-up")
    p.add_argument("--burst-deliveries", type=int, default=50_000,
                   help="cap on events x clients per burst for larger rooms (default 50000)")
    p.add_argument("--budget", type=float, default=570.0,
                   help="seconds for the whole run (default 570, under 10 min): a step that would not fit is "
                        "skipped and listed; the idle-connection step (last) stops connecting in time")
    p.add_argument("--rate", type=float, default=20.0, help="steady mutation rate per second (default 20)")
    p.add_argument("--steady-seconds", type=float, help="length of each steady-rate phase (default 10; quick 3)")
    p.add_argument("--steady-seconds-large", type=float,
                   help="steady phase length for rooms of 1,000+ clients (default 4; quick 3)")
    p.add_argument("--dbs", type=csv_list, default=["sqlite", "postgres"],
                   help="databases for the real server (default sqlite,postgres)")
    p.add_argument("--pg-fanout-clients", type=csv_ints,
                   help="room sizes for the PostgreSQL fan-out run (default: the smallest of --clients)")
    p.add_argument("--asgi-server", type=csv_list, default=["uvicorn"],
                   help="ASGI server(s) for the real app (manage.py serve --server): uvicorn (default), granian, or "
                        "uvicorn,granian to run the SQLite fan-out under both; other sections use the first")
    p.add_argument("--relays", type=csv_list, default=list(RELAYS), help=f"baseline relays (default {','.join(RELAYS)})")
    p.add_argument("--workers", type=int, default=2, help="load-generator processes for fan-out (default 2)")
    p.add_argument("--idle-workers", type=int, default=4, help="load-generator processes for idle connections (default 4)")
    p.add_argument("--idle-join", action="store_true",
                   help="idle clients also join the board room (slower: every join builds a board snapshot)")
    p.add_argument("--no-deflate", action="store_true",
                   help="clients do not offer permessage-deflate (browsers do; default: offer it)")
    p.add_argument("--customers", type=int, help="concurrent booking customers (default 8; quick 3)")
    p.add_argument("--bookings", type=int, help="bookings to attempt per database (default 200; quick 60)")
    p.add_argument("--search-cards", type=int, default=100_000, help="cards loaded for the search section (default 100000)")
    p.add_argument("--search-repeats", type=int,
                   help="times each typical search is made (default 20; quick 10), one request at a time")
    p.add_argument("--moves", type=int,
                   help="card moves, one after another, per transport and database for the mutation cost (default 300; "
                        "quick 100)")
    p.add_argument("--scaleout-clients", type=int,
                   help="room size for scale-out, split half/half over two processes (default 1000; quick 200)")
    p.add_argument("--calendar-clients", type=int,
                   help="staff clients each watching a different week of the calendar (default 500; quick 100)")
    p.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"),
                   help="Redis for the scale-out section (a database number the tests do not use; the pub/sub channel "
                        "is unique to the run)")
    p.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432"),
                   help="PostgreSQL server (a bench database is created and dropped there)")
    p.add_argument("--server-ref", metavar="GIT_REF",
                   help="benchmark server/ as committed at this ref (git archive into a temp dir) instead of the work tree")
    p.add_argument("--settings", default="server.settings", help="DJANGO_SETTINGS_MODULE for the real server")
    p.add_argument("--output", default=str(BENCH_DIR / "results" / "latest.json"), help="JSON results file")
    args = p.parse_args(argv)

    only = [s for item in args.only for s in csv_list(item)]
    unknown = set(only) - set(SECTIONS)
    if unknown:
        p.error(f"unknown section(s) {', '.join(sorted(unknown))}; choose from {', '.join(SECTIONS)}")
    args.sections = only or list(SECTIONS)
    if set(args.asgi_server) - {"uvicorn", "granian"}:
        p.error("--asgi-server takes uvicorn and/or granian")
    unknown = set(args.relays) - set(RELAYS)
    if unknown:
        p.error(f"unknown relay(s) {', '.join(sorted(unknown))}; choose from {', '.join(RELAYS)}")
    q = args.quick
    args.clients = args.clients or ([100] if q else [100, 1000])
    args.idle = args.idle or ([1000] if q else [1000, 10000])
    args.burst = args.burst or (200 if q else 500)
    args.app_burst = args.app_burst or (100 if q else 200)
    args.steady_seconds = args.steady_seconds or (3.0 if q else 10.0)
    args.steady_seconds_large = args.steady_seconds_large or (3.0 if q else 4.0)
    args.customers = args.customers or (3 if q else 8)
    args.bookings = args.bookings or (60 if q else 200)
    args.pg_fanout_clients = args.pg_fanout_clients or [min(args.clients)]
    args.search_repeats = args.search_repeats or (10 if q else 20)
    args.moves = args.moves or (100 if q else 300)
    args.scaleout_clients = args.scaleout_clients or (200 if q else 1000)
    args.calendar_clients = args.calendar_clients or (100 if q else 500)
    return args


def burst_events(args, clients: int, *, app: bool) -> int:
    return max(20, min(args.app_burst if app else args.burst, args.burst_deliveries // max(1, clients)))


def over_budget(args, results: dict, what: str, need: float = 60.0) -> bool:
    """True (and the step is listed as skipped) when `what`, needing up to `need` s, would end past the budget."""
    if time.time() + need <= args.deadline:
        return False
    log(f"time budget ({args.budget:.0f}s) used up: skipping {what}")
    results["skipped"].append({"what": what, "why": f"time budget of {args.budget:.0f}s used up (--budget)"})
    return True


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


# --- sections ------------------------------------------------------------------------

async def fanout_rounds(args, target: scenarios.Target, pool: Pool, sizes: list[int], results: dict, *, app: bool) -> None:
    """For each room size: connect, warm up, bursts (socket, REST), steady rate (socket, REST)."""
    for n in sizes:
        if over_budget(args, results, f"{target.label}, {n} clients", need=(40 if not app else 70) + n / 20):
            return
        add = n - pool.clients
        log(f"{target.label}: connecting {n} clients")
        rss0 = target.proc.rss_kib()
        conn = await target.connect(pool, add, timeout=min(240.0, max(60.0, add / 5)))
        rss1 = target.proc.rss_kib()
        row = {"target": target.label, "clients": n, **conn,
               "rss_growth_kib_per_client": round((rss1 - rss0) / max(1, conn["connected"]), 2)}
        results["connect"].append(row)
        log(f"  connected {conn['connected']}/{add} in {conn['elapsed_s']:.2f}s"
            + (f"; errors {conn['errors']}" if conn["errors"] else ""))
        if conn["failed"]:
            log("  some clients failed to connect: measuring with those that did")
        transports = ["socket", "rest"] if app else ["socket"]
        for transport in transports:  # warm-up, not recorded
            await scenarios.measure(target, pool, transport=transport, mode="burst", count=10)
        events = burst_events(args, pool.clients, app=app)
        for transport in transports:
            log(f"  burst of {events} via {transport}")
            row = await scenarios.measure(target, pool, transport=transport, mode="burst", count=events)
            results["fanout"].append(row)
            log(f"    {row['deliveries_per_s']:,.0f} deliveries/s, p99 {row['latency_p99_ms']} ms, lost {row['lost']}")
        if not app:
            continue
        seconds = args.steady_seconds if n < 1000 else args.steady_seconds_large
        for transport in transports:
            log(f"  steady {args.rate:g}/s for {seconds:g}s via {transport}")
            row = await scenarios.measure(target, pool, transport=transport, mode="steady", rate=args.rate,
                                          count=int(args.rate * seconds))
            results["fanout"].append(row)
            log(f"    p50 {row['latency_p50_ms']} ms, p99 {row['latency_p99_ms']} ms, max {row['latency_max_ms']} ms, "
                f"lost {row['lost']}")


async def section_fanout(args, db: procs.Database, http, results: dict, sizes: list[int], asgi_server: str) -> None:
    label = f"app {db.kind}/{asgi_server}"
    if over_budget(args, results, f"{label} fan-out", need=70 + min(sizes) / 20):
        return
    server = procs.AppServer(db, asgi_server=asgi_server, settings_module=args.settings, server_dir=args.server_dir)
    log(f"starting {label} on {server.url}")
    server.start()
    try:
        target = await scenarios.app_target(server, http, label, deflate=not args.no_deflate)
        async with Pool(args.workers) as pool:
            await fanout_rounds(args, target, pool, sizes, results, app=True)
            await pool.close_clients()
        target.close_sender()
    finally:
        server.stop()
        results["logs"][label] = str(server.log_path)


async def section_memory(args, db: procs.Database, http, results: dict) -> None:
    server = procs.AppServer(db, asgi_server=args.asgi_server[0], settings_module=args.settings, server_dir=args.server_dir)
    label = f"app {db.kind}/{args.asgi_server[0]}"
    log(f"memory: starting {label} on {server.url}")
    server.start()
    try:
        target = await scenarios.app_target(server, http, label, deflate=not args.no_deflate)
        async with Pool(args.idle_workers) as pool:
            # Warm up the code paths (imports, caches) so they are not counted per connection.
            await target.connect(pool, 20, timeout=60)
            await pool.close_clients()
            await asyncio.sleep(1.0)
            rss0 = server.rss_kib()
            for n in sorted(args.idle):
                add = n - pool.clients
                log(f"  connecting to {n} idle clients (+{add}){' and joining the board' if args.idle_join else ''}")
                within = min(300.0, args.deadline - 12 - time.time())
                if within < 10:
                    over_budget(args, results, f"memory at {n} idle connections", need=1e9)
                    break
                if args.idle_join:
                    conn = await target.connect(pool, add, timeout=within, concurrency=32)
                else:
                    conn = await pool.connect(add, host="127.0.0.1", port=server.port, namespace="/workflow",
                                              cookie=target.cookie, origin=target.origin, concurrency=32,
                                              deflate=target.deflate, timeout=within)
                log(f"    connected {conn['connected']}/{add} in {conn['elapsed_s']:.1f}s"
                    + (f"; errors {conn['errors']}" if conn["errors"] else ""))
                await asyncio.sleep(2.0)
                cpu0, t0 = server.cpu_seconds(), time.monotonic()
                await asyncio.sleep(5.0)
                idle_cpu = 100 * (server.cpu_seconds() - cpu0) / (time.monotonic() - t0)
                rss = server.rss_kib()
                connected = pool.clients
                row = {
                    "target": label, "clients": n, "connected": connected, "joined_room": args.idle_join, "rss_before_kib": rss0, "rss_after_kib": rss,
                    "kib_per_connection": round((rss - rss0) / max(1, connected), 2),
                    "idle_server_cpu_pct": round(idle_cpu, 1), "connect_s": round(conn["elapsed_s"], 2),
                    "connect_errors": conn["errors"],
                }
                results["memory"].append(row)
                results["connect"].append({"target": f"{label} (idle)", "clients": n, **conn})
                log(f"    RSS {rss0 / 1024:.0f} -> {rss / 1024:.0f} MiB: {row['kib_per_connection']} KiB per connection; "
                    f"idle server CPU {idle_cpu:.0f}%")
                if conn["failed"] and conn["connected"] == 0:
                    break
            await pool.close_clients()
        target.close_sender()
    finally:
        server.stop()
        results["logs"][f"{label} memory"] = str(server.log_path)


async def section_memory_baselines(args, results: dict) -> None:
    """The same idle-connection memory for the baselines, to tell the framework's share from the app's."""
    n = min(args.idle)
    for name in args.relays:
        if over_budget(args, results, f"memory baseline {name}", need=60):
            return
        relay: procs.Managed
        if name == "node":
            try:
                procs.NodeRelay.install()
            except Exception:  # noqa: BLE001
                continue
            relay, label = procs.NodeRelay(), RELAY_LABELS[name]
        else:
            relay, label = procs.PythonRelay(name), RELAY_LABELS[name]
        relay.start()
        try:
            async with Pool(args.idle_workers) as pool:
                common = dict(host="127.0.0.1", port=relay.port, namespace="/workflow", origin=relay.url,
                              deflate=not args.no_deflate, concurrency=32)
                await pool.connect(20, timeout=30, **common)  # warm-up
                await pool.close_clients()
                await asyncio.sleep(0.5)
                rss0 = relay.rss_kib()
                conn = await pool.connect(n, timeout=40, **common)
                await asyncio.sleep(1.0)
                cpu0, t0 = relay.cpu_seconds(), time.monotonic()
                await asyncio.sleep(2.0)
                idle_cpu = 100 * (relay.cpu_seconds() - cpu0) / (time.monotonic() - t0)
                rss = relay.rss_kib()
                results["memory"].append({
                    "target": label, "clients": n, "connected": pool.clients, "joined_room": False, "rss_before_kib": rss0,
                    "rss_after_kib": rss, "kib_per_connection": round((rss - rss0) / max(1, pool.clients), 2),
                    "idle_server_cpu_pct": round(idle_cpu, 1), "connect_s": round(conn["elapsed_s"], 2),
                    "connect_errors": conn["errors"],
                })
                log(f"  {label}: {results['memory'][-1]['kib_per_connection']} KiB per idle connection")
                await pool.close_clients()
        finally:
            relay.stop()


async def section_booking(args, db: procs.Database, http, results: dict) -> None:
    server = procs.AppServer(db, asgi_server=args.asgi_server[0], settings_module=args.settings, server_dir=args.server_dir)
    log(f"booking: starting app {db.kind}/{args.asgi_server[0]} on {server.url}; "
        f"{args.customers} customers register and log in (password hashing is slow by design)")
    server.start()
    try:
        row = await scenarios.booking(server, http, customers=args.customers, bookings=args.bookings, db=db.kind)
        results["booking"].append(row)
        log(f"  {row['created']} booked, {row['conflict']} conflicts, {row['error']} errors: "
            f"{row['bookings_per_s']} bookings/s, p99 {row['latency_p99_ms']} ms")
    finally:
        server.stop()
        results["logs"][f"app {db.kind} booking"] = str(server.log_path)


async def section_mutation(args, db: procs.Database, http, results: dict) -> None:
    """Server CPU per card move with nobody watching, via the socket and REST; queries per move and per booking."""
    label = f"app {db.kind}/{args.asgi_server[0]}"
    if over_budget(args, results, f"mutation cost ({db.kind})", need=30 + args.moves / 10):
        return
    server = procs.AppServer(db, asgi_server=args.asgi_server[0], settings_module=args.settings, server_dir=args.server_dir)
    log(f"mutation cost ({db.kind}): counting queries per operation in-process (bench/fdbench/count_queries.py)")
    counted = server.run_script(procs.BENCH_DIR / "fdbench" / "count_queries.py", server.url,
                                timeout=max(30.0, min(120.0, args.deadline - time.time())))
    results["queries"] += [{"db": db.kind, **op} for op in counted["operations"]]
    log("  queries: " + "; ".join(f"{op['operation']} {op['queries_mean']:g}" for op in counted["operations"]))
    log(f"mutation cost: starting {label} on {server.url}; {args.moves} card moves per transport, one at a time, "
        "nobody watching")
    server.start()
    try:
        target = await scenarios.app_target(server, http, label, deflate=not args.no_deflate)
        for transport in ("socket", "rest"):
            row = await scenarios.mutation_cost(target, transport=transport, count=args.moves, warmup=20,
                                                deadline=min(time.time() + 30, args.deadline - 10))
            results["mutation"].append({"db": db.kind, **row})
            log(f"  via {transport}: {row['server_cpu_ms_per_move']} ms of server CPU per move, {row['moves_per_s']} "
                f"moves/s, {row['errors']} errors")
        target.close_sender()
    finally:
        server.stop()
        results["logs"][f"{label} mutation"] = str(server.log_path)


async def section_calendar(args, db: procs.Database, http, results: dict) -> None:
    """Staff clients each watching a different week; bookings into a few of them (bench/fdbench/staff_calendar.py)."""
    n = args.calendar_clients
    if over_budget(args, results, "staff calendar", need=30 + n / 20):
        return
    server = procs.AppServer(db, asgi_server=args.asgi_server[0], settings_module=args.settings, server_dir=args.server_dir)
    label = f"app {db.kind}/{args.asgi_server[0]}"
    log(f"calendar: starting {label} on {server.url}; {n} staff clients each watch a different week")
    server.start()
    try:
        row = await staff_calendar.measure(server, http, clients=n, deadline=args.deadline - 10)
        results["calendar"].append({"target": label, **row})
        log(f"  {row['watching']} watching (in {row['connect_watch_s']}s); {row['bookings']} bookings: "
            f"{row['wrong_week_deliveries']} deliveries to watchers of other weeks, {row['missed']} missed; "
            f"{row['deliveries_per_booking']} deliveries and {row['server_cpu_ms_per_booking']} ms of server CPU per booking")
    finally:
        server.stop()
        results["logs"][f"{label} calendar"] = str(server.log_path)


async def wait_for_queue_listeners(redis_url: str, channel: str, count: int, timeout: float = 20.0) -> None:
    """Until `count` server processes listen on the Redis channel (a burst before that would miss one)."""
    deadline = time.monotonic() + timeout
    while (listening := await asyncio.to_thread(procs.redis_subscribers, redis_url, channel)) < count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{listening} of {count} server processes listen on Redis channel {channel} after {timeout:.0f}s")
        await asyncio.sleep(0.05)  # polling for the condition


async def section_scaleout(args, db: procs.Database, http, results: dict) -> None:
    """One room split half/half over two processes on Redis, against the same room on one process alone (no
    queue, the product's default), same run: socket-move bursts, deliveries/s per process."""
    n = args.scaleout_clients
    if over_budget(args, results, "scale-out", need=30 + n / 25):
        return
    why = procs.redis_available(args.redis_url)
    if why:
        log(f"Redis not reachable at {args.redis_url}: {why}; skipping scale-out")
        results["skipped"].append({"what": "scale-out", "why": f"Redis at {args.redis_url}: {why}"})
        return
    events = burst_events(args, n, app=True)
    common: dict[str, Any] = dict(asgi_server=args.asgi_server[0], settings_module=args.settings, server_dir=args.server_dir)
    connect_timeout = min(240.0, max(60.0, n / 5))

    async def room_burst(target: scenarios.Target, pool: Pool, servers: list[procs.Managed]) -> dict:
        await scenarios.measure(target, pool, transport="socket", mode="burst", count=10, servers=servers)  # warm-up
        row = await scenarios.measure(target, pool, transport="socket", mode="burst", count=events, servers=servers)
        per_process = [w["deliveries_per_s"] for w in row["per_worker"]] if len(servers) > 1 else [row["deliveries_per_s"]]
        log(f"    {row['deliveries_per_s']:,.0f} deliveries/s in all, per process "
            f"{', '.join(f'{x:,.0f}' for x in per_process)}; lost {row['lost']}, extra {row['extra']}")
        return {**row, "processes": len(servers), "per_process_deliveries_per_s": per_process}

    # Two load-generator processes in both setups: with two servers, each holds one server's half of the room.
    alone = procs.AppServer(db, **common)
    label = f"app {db.kind}: 1 process, no queue"
    log(f"scale-out: starting {label} on {alone.url}; {n} clients, bursts of {events} socket moves")
    alone.start()
    try:
        target = await scenarios.app_target(alone, http, label, deflate=not args.no_deflate)
        async with Pool(2) as pool:
            conn = await target.connect(pool, n, timeout=connect_timeout)
            log(f"  connected {conn['connected']}/{n} in {conn['elapsed_s']:.1f}s")
            results["scaleout"].append(await room_burst(target, pool, [alone]))
            await pool.close_clients()
        target.close_sender()
    finally:
        alone.stop()
        results["logs"][label] = str(alone.log_path)

    if over_budget(args, results, "scale-out, two processes", need=20 + n / 40):
        return
    channel = f"frontdesk-bench-{os.getpid()}-{secrets.token_hex(3)}"
    # One database and one secret key: the session made through the first process is valid on the second.
    env = {"SOCKETIO_MESSAGE_QUEUE": args.redis_url, "SOCKETIO_QUEUE_CHANNEL": channel,
           "DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}
    pair = [procs.AppServer(db, extra_env=env, **common) for _ in range(2)]
    label = f"app {db.kind}: 2 processes, Redis"
    log(f"scale-out: starting {label} on {pair[0].url} and {pair[1].url} (channel {channel}); {n // 2} clients each")
    try:
        for proc in pair:
            proc.start()
        # Every move goes through the first process: one writer, as with one process (and no SQLite lock
        # contention between the two); the second only delivers what comes through Redis.
        target = await scenarios.app_target(pair[0], http, label, deflate=not args.no_deflate)
        async with Pool(2) as pool:
            first = await target.connect(pool, n // 2, timeout=connect_timeout, workers=[0])
            second = await target.connect(pool, n - n // 2, timeout=connect_timeout, via=pair[1], workers=[1])
            log(f"  connected {first['connected']} + {second['connected']}/{n} in "
                f"{first['elapsed_s'] + second['elapsed_s']:.1f}s")
            # python-socketio subscribes a process to the queue at its first connection: now.
            await wait_for_queue_listeners(args.redis_url, channel, 2)
            results["scaleout"].append(await room_burst(target, pool, list(pair)))
            await pool.close_clients()
        target.close_sender()
    finally:
        for proc in pair:
            proc.stop()
            results["logs"][f"{label} {proc.port}"] = str(proc.log_path)


async def section_baselines(args, http, results: dict) -> None:
    for name in args.relays:
        if over_budget(args, results, f"baseline {name}", need=15 + 12 * len(args.clients)):
            continue
        relay: procs.Managed
        if name == "node":
            try:
                procs.NodeRelay.install()
            except Exception as exc:  # noqa: BLE001
                log(f"node relay unavailable: {exc}")
                results["skipped"].append({"what": "node relay", "why": str(exc)[:300]})
                continue
            relay = procs.NodeRelay()
        else:
            relay = procs.PythonRelay(name)
        label = RELAY_LABELS[name]
        log(f"starting {label} on {relay.url}")
        relay.start()
        try:
            target = await scenarios.relay_target(relay, label, deflate=not args.no_deflate)
            async with Pool(args.workers) as pool:
                await fanout_rounds(args, target, pool, args.clients, results, app=False)
                await pool.close_clients()
            target.close_sender()
        finally:
            relay.stop()
            results["logs"][label] = str(relay.log_path)


async def section_search(args, dbs: list[str], http, results: dict) -> None:
    """Search at --search-cards cards on PostgreSQL through GET /api/search (bench/fdbench/search.py)."""
    if "search" not in args.sections:
        return
    if "postgres" not in dbs:
        results["skipped"].append({"what": "search", "why": "it runs on PostgreSQL, which is not in --dbs or not reachable"})
        return
    if over_budget(args, results, "search", need=100):
        return
    with procs.Database("postgres", args.postgres_url) as db:
        server = procs.AppServer(db, asgi_server=args.asgi_server[0], settings_module=args.settings,
                                 server_dir=args.server_dir)
        log(f"search: preparing a throwaway postgres database and loading {args.search_cards:,} cards")
        server.prepare()
        seeded = search.seed(server, args.search_cards, timeout=max(30.0, args.deadline - time.time() - 30))
        results["search_data"] = seeded
        log(f"  {seeded['cards']:,} cards and {seeded['comments']:,} comments on {seeded['boards']} boards in "
            f"{seeded['seed_s']}s (+{seeded['vacuum_s']}s VACUUM ANALYZE)")
        server.start()
        try:
            rows = await search.measure(server, http, seeded, repeats=args.search_repeats,
                                        deadline=min(time.time() + 60, args.deadline - 10))
            results["search"] = rows
            log(f"  {rows[-1]['searches']} searches: p50 {rows[-1]['latency_p50_ms']} ms, p99 {rows[-1]['latency_p99_ms']} ms")
        finally:
            server.stop()
            results["logs"]["app postgres search"] = str(server.log_path)


# --- main ----------------------------------------------------------------------------

def git_commit() -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=BENCH_DIR, capture_output=True, text=True,
                              timeout=5).stdout.strip() or None
    except Exception:  # noqa: BLE001
        return None


async def postgres_sections(args, dbs: list[str], http, results: dict) -> None:
    sections = set(args.sections)
    if "postgres" not in dbs or not sections & {"fanout", "booking", "mutation"}:
        return
    if over_budget(args, results, "PostgreSQL variant", need=90):
        return
    with procs.Database("postgres", args.postgres_url) as db:
        log("preparing a throwaway postgres database (migrate, seed_demo)")
        procs.AppServer(db, settings_module=args.settings, server_dir=args.server_dir).prepare()
        if "booking" in sections and not over_budget(args, results, "booking (postgres)", need=60):
            await section_booking(args, db, http, results)
        if "mutation" in sections:
            await section_mutation(args, db, http, results)
        if "fanout" in sections:
            await section_fanout(args, db, http, results, args.pg_fanout_clients, args.asgi_server[0])


async def run(args) -> dict:
    started = time.time()
    nofile = procs.raise_nofile_limit()
    args.server_dir = procs.snapshot_server(args.server_ref) if args.server_ref else None
    args.deadline = started + args.budget
    procs.clear_logs()
    results: dict[str, Any] = {  # the JSON document, filled in section by section
        "meta": {
            "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
            "git_commit": git_commit(),
            "server_source": f"git archive {args.server_ref}" if args.server_ref else "work tree",
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "nofile_limit": nofile,
            "args": {k: v for k, v in vars(args).items() if k not in ("output",)},
            "server_env_limits": procs.BENCH_LIMITS_ENV,
        },
        "fanout": [], "connect": [], "memory": [], "booking": [], "search": [], "mutation": [], "queries": [],
        "scaleout": [], "calendar": [], "skipped": [], "logs": {},
    }
    max_idle = max(args.idle) if "memory" in args.sections else 0
    # Each idle connection is one descriptor in the server and one in a load-generator process.
    if max_idle and max_idle + 1000 > nofile:
        results["skipped"].append({"what": f"idle connections above {nofile - 1000}",
                                   "why": f"open-file limit is {nofile} (ulimit -Hn)"})
        args.idle = [n for n in args.idle if n + 1000 <= nofile] or [min(args.idle)]
    dbs = list(args.dbs)
    if "postgres" in dbs and {"fanout", "booking", "search", "mutation"} & set(args.sections):
        why = procs.postgres_available(args.postgres_url)
        if why:
            log(f"PostgreSQL not reachable at {args.postgres_url}: {why}; skipping the PostgreSQL variant")
            results["skipped"].append({"what": "PostgreSQL variant", "why": why})
            dbs.remove("postgres")

    async with new_http(limit=200) as http:
        # Fixed-size steps first, each skipped (and listed) if it would not fit in the time budget; the
        # idle-connection memory step is last because it can stop early and still give a per-connection figure.
        sections = set(args.sections)
        app_sections = sections & APP_SQLITE_SECTIONS
        if "sqlite" in dbs and app_sections:
            with procs.Database("sqlite", args.postgres_url) as db:
                log("preparing a throwaway sqlite database (migrate, seed_demo)")
                procs.AppServer(db, settings_module=args.settings, server_dir=args.server_dir).prepare()
                if "fanout" in sections:
                    for asgi_server in args.asgi_server:
                        await section_fanout(args, db, http, results, args.clients, asgi_server)
                if "baselines" in sections:
                    await section_baselines(args, http, results)
                if "booking" in sections and not over_budget(args, results, "booking (sqlite)", need=60):
                    await section_booking(args, db, http, results)
                if "mutation" in sections:
                    await section_mutation(args, db, http, results)
                if "calendar" in sections:
                    await section_calendar(args, db, http, results)
                await postgres_sections(args, dbs, http, results)
                await section_search(args, dbs, http, results)
                if "scaleout" in sections:
                    await section_scaleout(args, db, http, results)
                if "memory" in sections:
                    if "baselines" in sections:
                        await section_memory_baselines(args, results)
                    if not over_budget(args, results, "memory", need=40):
                        await section_memory(args, db, http, results)
        else:
            for section in sorted(sections & {"scaleout", "calendar"}):
                results["skipped"].append({"what": section, "why": "it runs on SQLite, which is not in --dbs"})
            if "baselines" in sections:
                await section_baselines(args, http, results)
            await postgres_sections(args, dbs, http, results)
            await section_search(args, dbs, http, results)
    results["meta"]["elapsed_s"] = round(time.time() - started, 1)
    return results


async def run_and_clean(args) -> dict:
    try:
        return await run(args)
    finally:
        if getattr(args, "server_dir", None):
            shutil.rmtree(args.server_dir.parent, ignore_errors=True)


def main(argv=None) -> int:
    args = parse_args(argv)
    log(f"sections: {', '.join(args.sections)}; rooms {args.clients}; idle {args.idle}; "
        f"databases {','.join(args.dbs)}{'; quick' if args.quick else ''}")
    try:
        import uvloop
    except ImportError:
        results = asyncio.run(run_and_clean(args))
    else:
        results = uvloop.run(run_and_clean(args))
    summary = print_report(results)
    results["summary"] = summary
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(f"\nresults: {out}  (total {results['meta']['elapsed_s']:.0f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
