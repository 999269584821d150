"""The printed tables, the ratios against the baselines and the target checks."""
from typing import Any

from fdbench.stats import fmt, table

# Targets from the issues (see bench/README.md); issue #15 for fan-out, CPU and booking.
TARGET_NODE_RATIO = {100: 0.3, 1000: 1.0}  # real app, socket moves, bursts / Node relay, by room size
TARGET_FANOUT_RELAY_NODE_RATIO = 1.2  # the app's relay path without the app (realtime.fanout), 1,000 clients
TARGET_CPU_VS_NODE = 1.2  # server CPU per delivery at 1,000 clients, real app / Node relay
TARGET_BOOKINGS_PER_S = 200.0  # PostgreSQL, concurrent customers
TARGET_BOOKING_P99_MS = 100.0
TARGET_MOVE_CPU_MS = {"rest": 3.0, "socket": 1.5}  # server CPU per card move, nobody watching
TARGET_SCALEOUT_RATIO = 0.8  # deliveries/s per process, two processes on Redis / one process alone
TARGET_P99_MS = {100: 50.0, 1000: 250.0}
TARGET_KIB_PER_CONN = 30.0
TARGET_SEARCH_P50_MS = 100.0


def _app_rows(rows, **match):
    """Rows of the real app (SQLite first, else any database) matching `match`."""
    apps = [r for r in rows if r["target"].startswith("app ")]
    preferred = [r for r in apps if r["target"].startswith("app sqlite")] or apps
    return [r for r in preferred if all(r.get(k) == v for k, v in match.items())]


def _relay_row(rows, needle: str, clients: int):
    for r in rows:
        if r["target"].startswith("BASELINE") and needle in r["target"] and r["clients"] == clients and r["mode"] == "burst":
            return r
    return None


def print_report(results: dict) -> dict:
    fan = results["fanout"]
    summary: dict[str, Any] = {"ratios": [], "targets": []}

    if fan:
        print("\n== Fan-out: one room, every mutation delivered to every client "
              "(latency = mutation sent -> client received) ==")
        rows = [[r["target"], r["transport"], r["mode"], r["clients"], r["mutations"], r["deliveries"],
                 r["deliveries_per_s"], r["mutations_per_s"], r["latency_p50_ms"], r["latency_p99_ms"], r["latency_max_ms"],
                 r["lost"], r["ack_errors"], r["server_cpu_pct"], r.get("server_cpu_us_per_delivery"), r["loadgen_cpu_pct"],
                 r.get("other_cpu_pct")] for r in fan]
        print(table(["target", "via", "mode", "clients", "muts", "deliveries", "deliv/s", "muts/s", "p50 ms", "p99 ms",
                     "max ms", "lost", "ack err", "srv cpu%", "srv us/deliv", "gen cpu%", "other cpu%"], rows))
        print("(srv/gen cpu%: server / load-generator processes, 100 = one core; srv us/deliv: server CPU per delivery, "
              "the mutations' included; other cpu%: the rest of the machine meanwhile, i.e. noise from work that is not "
              "this benchmark)")

    if results["connect"]:
        print("\n== Connect: websocket + Socket.IO namespace + join the room (real app: join_board with its snapshot) ==")
        rows = [[r["target"], r["clients"], r["connected"], r["failed"], r["elapsed_s"], r["per_client_p50_s"],
                 r["per_client_p99_s"], round(r["connected"] / r["elapsed_s"], 1) if r["elapsed_s"] else None,
                 r.get("rss_growth_kib_per_client")] for r in results["connect"]]
        print(table(["target", "clients", "ok", "failed", "total s", "each p50 s", "each p99 s", "conn/s",
                     "RSS KiB/client"], rows))
        print("(clients: room size after this step; ok: clients added in this step; idle rows connect without joining "
              "unless --idle-join)")

    if results["memory"]:
        print("\n== Server memory per idle connection (RSS growth / connections, /proc/<pid>/status) ==")
        rows = [[r["target"], r["connected"], round(r["rss_before_kib"] / 1024, 1), round(r["rss_after_kib"] / 1024, 1),
                 r["kib_per_connection"], r["idle_server_cpu_pct"], r["connect_s"]] for r in results["memory"]]
        print(table(["target", "connections", "RSS before MiB", "RSS after MiB", "KiB/conn", "idle srv cpu%", "connect s"],
                    rows))

    if results["booking"]:
        print("\n== REST booking: concurrent customers POST /api/appointments on free slots ==")
        rows = [[r["db"], r["customers"], r["attempts"], r["created"], r["conflict"], r["error"], r["bookings_per_s"],
                 r["latency_p50_ms"], r["latency_p99_ms"], r["latency_max_ms"], r["server_cpu_pct"], r["register_p50_s"],
                 r["login_p50_s"], r["availability_p50_ms"]] for r in results["booking"]]
        print(table(["db", "customers", "attempts", "booked", "409", "errors", "booked/s", "p50 ms", "p99 ms", "max ms",
                     "srv cpu%", "register s", "login s", "avail ms"], rows))

    if results.get("search"):
        data = results.get("search_data", {})
        print(f"\n== Search: GET /api/search at {data.get('cards', 0):,} cards, {data.get('comments', 0):,} comments "
              f"(PostgreSQL, one request at a time, as a board member) ==")
        rows = [[r["query"], r["q"], r["page"], r["searches"], r["results_on_page"], r["errors"], r["latency_p50_ms"],
                 r["latency_p99_ms"], r["latency_max_ms"]] for r in results["search"]]
        print(table(["query", "q", "page", "searches", "results", "errors", "p50 ms", "p99 ms", "max ms"], rows))
        print("(latency = the whole HTTP request: session, permission filter, ranked full-text query, a page of 20 "
              "serialized; results = on the page, at most 20)")

    queries = {(q["db"], q["operation"]): q for q in results.get("queries", [])}
    if results.get("mutation"):
        print("\n== Mutation cost: card moves one after another, nobody watching (server CPU per move) ==")
        rows = [[r["target"], r["transport"], r["moves"], r["errors"], r["moves_per_s"], r["latency_p50_ms"],
                 r["latency_p99_ms"], r["server_cpu_pct"], r["server_cpu_ms_per_move"],
                 queries.get((r["db"], f"card move, {'REST' if r['transport'] == 'rest' else 'socket'}"), {}).get("queries_mean")]
                for r in results["mutation"]]
        print(table(["target", "via", "moves", "errors", "moves/s", "p50 ms", "p99 ms", "srv cpu%", "srv CPU ms/move",
                     "queries/move"], rows))
    if queries:
        print("\n== Queries per operation (in-process with the server's settings, Django's CaptureQueriesContext) ==")
        rows = [[q["db"], q["operation"], q["runs"], q["queries_mean"], q["queries_min"], q["queries_max"],
                 q["statements_mean"]] for q in queries.values()]
        print(table(["db", "operation", "runs", "queries", "min", "max", "statements"], rows))
        print("(queries: without BEGIN, COMMIT, SAVEPOINT...; statements: all of them, each a round trip; the SQL is in "
              "the JSON)")

    if results.get("scaleout"):
        print("\n== Scale-out: one room, socket-move bursts; one process alone vs two processes on Redis, half the room "
              "each ==")
        rows = [[r["target"], r["clients"], r["mutations"], r["deliveries"], r["deliveries_per_s"],
                 " / ".join(fmt(x) for x in r["per_process_deliveries_per_s"]), r["lost"], r["extra"], r["latency_p50_ms"],
                 r["latency_p99_ms"], r["server_cpu_pct"], r["server_cpu_us_per_delivery"], r["loadgen_cpu_pct"],
                 r["other_cpu_pct"]] for r in results["scaleout"]]
        print(table(["setup", "clients", "muts", "deliveries", "deliv/s", "per process deliv/s", "lost", "extra", "p50 ms",
                     "p99 ms", "srv cpu%", "srv us/deliv", "gen cpu%", "other cpu%"], rows))
        print("(per process: deliveries to that process's clients / time to their last receipt; extra: receipts beyond "
              "one per client per move; srv: both processes)")

    if results.get("calendar"):
        print("\n== Staff calendar: each client watches a different week (watch_days); staff book into a few known weeks ==")
        rows = [[r["target"], r["clients"], r["watching"], r["bookings"], r["wrong_week_deliveries"], r["missed"],
                 r["clients_exact"], r["day_deliveries_per_booking"], r["feed_deliveries_per_booking"],
                 r["server_cpu_ms_per_booking"], r["booking_p50_ms"], r["booking_p99_ms"], r["connect_watch_s"]]
                for r in results["calendar"]]
        print(table(["target", "clients", "watching", "bookings", "other weeks", "missed", "exact", "day deliv/booking",
                     "feed deliv/booking", "srv CPU ms/booking", "p50 ms", "p99 ms", "watch s"], rows))
        print("(other weeks: day events received by watchers of another week, must be 0; exact: clients that got exactly "
              "their week's events; feed: the dashboard's stream, joined only by watch_dashboard: 0 for calendars)")

    # Ratios: the app's burst fan-out against each baseline at the same room size.
    for app in _app_rows(fan, mode="burst"):
        for r in fan:
            if r["target"].startswith("BASELINE") and r["clients"] == app["clients"] and r["mode"] == "burst":
                summary["ratios"].append({
                    "app": app["target"], "via": app["transport"], "clients": app["clients"], "baseline": r["target"],
                    "app_deliveries_per_s": app["deliveries_per_s"], "baseline_deliveries_per_s": r["deliveries_per_s"],
                    "ratio": round(app["deliveries_per_s"] / r["deliveries_per_s"], 3) if r["deliveries_per_s"] else None,
                })
    if summary["ratios"]:
        print("\n== Real app fan-out / baseline relay fan-out (bursts, same run, same room size) ==")
        rows = [[x["baseline"], x["clients"], x["via"], x["app_deliveries_per_s"], x["baseline_deliveries_per_s"],
                 f"{x['ratio']:.2f}x" if x["ratio"] is not None else "-"] for x in summary["ratios"]]
        print(table(["baseline", "clients", "app via", "app deliv/s", "baseline deliv/s", "app/baseline"], rows))

    targets = summary["targets"]
    for app in _app_rows(fan, mode="burst", transport="socket"):
        n = app["clients"]
        node = _relay_row(fan, "node", n)
        if node and n in TARGET_NODE_RATIO:
            ratio = app["deliveries_per_s"] / node["deliveries_per_s"] if node["deliveries_per_s"] else 0
            targets.append({"target": f"{app['target']}: fan-out >= {TARGET_NODE_RATIO[n]}x Node relay ({n} clients)",
                            "measured": f"{ratio:.2f}x ({app['deliveries_per_s']:,.0f} vs {node['deliveries_per_s']:,.0f}/s)",
                            "met": ratio >= TARGET_NODE_RATIO[n]})
        if node and n == 1000 and app.get("server_cpu_us_per_delivery") and node.get("server_cpu_us_per_delivery"):
            ratio = app["server_cpu_us_per_delivery"] / node["server_cpu_us_per_delivery"]
            targets.append({"target": f"{app['target']}: server CPU per delivery <= {TARGET_CPU_VS_NODE}x Node relay's "
                                      f"({n} clients, socket moves)",
                            "measured": f"{ratio:.2f}x ({app['server_cpu_us_per_delivery']:.1f} vs "
                                        f"{node['server_cpu_us_per_delivery']:.1f} us)",
                            "met": ratio <= TARGET_CPU_VS_NODE})
        plain = _relay_row(fan, "uvicorn defaults", n)
        if plain:
            targets.append({"target": f"{app['target']}: fan-out >= python-socketio relay, uvicorn defaults ({n} clients)",
                            "measured": f"{app['deliveries_per_s']:,.0f} vs {plain['deliveries_per_s']:,.0f}/s",
                            "met": app["deliveries_per_s"] >= plain["deliveries_per_s"]})
    fanout_relay, node = _relay_row(fan, "realtime.fanout", 1000), _relay_row(fan, "node", 1000)
    if fanout_relay and node and node["deliveries_per_s"]:
        ratio = fanout_relay["deliveries_per_s"] / node["deliveries_per_s"]
        targets.append({"target": f"app's relay path without the app (realtime.fanout) >= {TARGET_FANOUT_RELAY_NODE_RATIO}x "
                                  "Node relay (1000 clients)",
                        "measured": f"{ratio:.2f}x ({fanout_relay['deliveries_per_s']:,.0f} vs {node['deliveries_per_s']:,.0f}/s)",
                        "met": ratio >= TARGET_FANOUT_RELAY_NODE_RATIO})
    for r in _app_rows(fan):
        if r["mode"] == "burst":
            continue
        limit = TARGET_P99_MS.get(r["clients"])
        if limit is None:
            continue
        ok = r["latency_p99_ms"] is not None and r["latency_p99_ms"] < limit and r["lost"] == 0
        targets.append({"target": f"{r['target']}: e2e p99 < {limit:g} ms at {r['mode']} to {r['clients']} clients via {r['transport']}",
                        "measured": f"{fmt(r['latency_p99_ms'])} ms" + (f", {r['lost']} lost" if r["lost"] else ""),
                        "met": ok})
    for r in results["memory"]:
        if not r["target"].startswith("app "):
            continue
        targets.append({"target": f"{r['target']}: memory per idle connection <= {TARGET_KIB_PER_CONN:g} KiB ({r['connected']:,} connections)",
                        "measured": f"{r['kib_per_connection']:.1f} KiB", "met": r["kib_per_connection"] <= TARGET_KIB_PER_CONN})
    if results.get("search"):
        overall = results["search"][-1]
        cards = results.get("search_data", {}).get("cards", 0)
        ok = overall["latency_p50_ms"] is not None and overall["latency_p50_ms"] < TARGET_SEARCH_P50_MS and not overall["errors"]
        targets.append({"target": f"search p50 < {TARGET_SEARCH_P50_MS:g} ms at {cards:,} cards (typical queries, whole request)",
                        "measured": f"{fmt(overall['latency_p50_ms'])} ms (p99 {fmt(overall['latency_p99_ms'])} ms)"
                                    + (f", {overall['errors']} errors" if overall["errors"] else ""),
                        "met": ok})
    for r in results["booking"]:
        if r["db"] != "postgres":
            continue
        ok = (r["bookings_per_s"] or 0) >= TARGET_BOOKINGS_PER_S and r["latency_p99_ms"] is not None \
            and r["latency_p99_ms"] < TARGET_BOOKING_P99_MS
        targets.append({"target": f"booking on PostgreSQL >= {TARGET_BOOKINGS_PER_S:g}/s, p99 < {TARGET_BOOKING_P99_MS:g} ms "
                                  f"({r['customers']} customers at once)",
                        "measured": f"{r['bookings_per_s']}/s, p99 {fmt(r['latency_p99_ms'])} ms", "met": ok})
    for r in results.get("mutation", []):
        limit = TARGET_MOVE_CPU_MS[r["transport"]]
        ms = r["server_cpu_ms_per_move"]
        q = queries.get((r["db"], f"card move, {'REST' if r['transport'] == 'rest' else 'socket'}"), {}).get("queries_mean")
        targets.append({"target": f"{r['target']}: card move via {r['transport']} <= {limit:g} ms of server CPU (nobody watching)",
                        "measured": f"{fmt(ms, 2)} ms ({fmt(r['moves_per_s'])} moves/s"
                                    + (f", {fmt(q)} queries" if q is not None else "") + ")"
                                    + (f", {r['errors']} errors" if r["errors"] else ""),
                        "met": ms is not None and ms <= limit and not r["errors"]})
    alone = next((r for r in results.get("scaleout", []) if r["processes"] == 1), None)
    pair = next((r for r in results.get("scaleout", []) if r["processes"] == 2), None)
    if alone and pair and alone["deliveries_per_s"]:
        per_process = sum(pair["per_process_deliveries_per_s"]) / len(pair["per_process_deliveries_per_s"])
        ratio = per_process / alone["deliveries_per_s"]
        targets.append({"target": f"scale-out: two processes on Redis, {pair['clients']:,} clients half each, deliveries/s per "
                                  f"process >= {TARGET_SCALEOUT_RATIO}x one process alone",
                        "measured": f"{ratio:.2f}x ({per_process:,.0f} vs {alone['deliveries_per_s']:,.0f}/s; server CPU "
                                    f"{fmt(pair['server_cpu_us_per_delivery'])} vs {fmt(alone['server_cpu_us_per_delivery'])} "
                                    "us/delivery)" + (f", {pair['lost']} lost" if pair["lost"] else ""),
                        "met": ratio >= TARGET_SCALEOUT_RATIO and not pair["lost"]})
    for r in results.get("calendar", []):
        targets.append({"target": f"staff calendar: {r['clients']} staff clients each watching a different week receive only "
                                  "their week's changes",
                        "measured": f"{r['wrong_week_deliveries']} to other weeks, {r['missed']} missed, "
                                    f"{fmt(r['feed_deliveries_per_booking'])} dashboard events per booking, {r['watching']} "
                                    f"watching, {r['bookings']} bookings; per booking {fmt(r['deliveries_per_booking'])} "
                                    f"deliveries, {fmt(r['server_cpu_ms_per_booking'])} ms server CPU",
                        "met": r["wrong_week_deliveries"] == 0 and r["missed"] == 0 and not r["feed_deliveries_per_booking"]
                               and r["watching"] == r["clients"] and r["bookings"] > 0})
    if targets:
        print("\n== Targets ==")
        print(table(["target", "measured", "met"], [[t["target"], t["measured"], "yes" if t["met"] else "NO"] for t in targets]))
    others = [r["other_cpu_pct"] for r in fan + results.get("scaleout", []) if r.get("other_cpu_pct") is not None]
    if others:
        busy = sum(others) / len(others)
        summary["other_cpu_pct_avg"] = round(busy, 1)
        if busy > 25:
            print(f"\nWARNING: other work used {busy:.0f}% of a core on average during the fan-out phases "
                  f"(this machine has {results['meta'].get('cpus')} cores): the numbers above are pessimistic.")
    for s in results["skipped"]:
        print(f"skipped: {s['what']}: {s['why']}")
    return summary
