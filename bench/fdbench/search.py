"""Search at 100,000 cards: the real server on PostgreSQL, GET /api/search over HTTP.

Seeding (bench/fdbench/seed_search.py) runs in a subprocess with the server's own
settings; the searches are made by Sam (a board member, not an admin, so the
permission filter is part of every query), one at a time, so each latency is one
request's round trip through the real endpoint: HTTP, session, validation, the
full-text query, serialization of a page of 20 results.
"""
import time
from typing import Any
from urllib.parse import urlencode

from fdbench import procs
from fdbench.client import Api
from fdbench.stats import latency_summary_ms

SAM_EMAIL = "sam@frontdesk.test"
PASSWORD = "frontdesk-demo"


def seed(server: procs.AppServer, cards: int, timeout: float) -> dict:
    return server.run_script(procs.BENCH_DIR / "fdbench" / "seed_search.py", str(cards), timeout=timeout)


def queries(seeded: dict) -> list[tuple[str, dict]]:
    """(what, query parameters): typical searches, from a rare word to one in most cards."""
    common = seeded["word_by_rank"]
    return [
        ("rare word (0.2% of descriptions)", {"q": "refund"}),
        ("title word (1% of titles)", {"q": "invoice"}),
        ("description word (5%)", {"q": "supplier"}),
        ("comment word (2% of comments)", {"q": "callback"}),
        ("two words", {"q": "invoice supplier"}),
        ("prefix while typing", {"q": "suppl"}),
        ("made-up word, frequency rank 100", {"q": common["100"]}),
        ("made-up word, rank 10 (~25% of cards)", {"q": common["10"]}),
        ("made-up word, rank 1 (most cards)", {"q": common["1"]}),
        ("page 3 of a 5% word", {"q": "supplier", "page": "3"}),
        ("no match", {"q": "qqqzzz"}),
    ]


async def measure(server: procs.AppServer, http, seeded: dict, *, repeats: int, deadline: float) -> list[dict]:
    """Each query `repeats` times, round-robin (after one unrecorded warm-up pass); bounded by `deadline`."""
    api = await Api(http, server.url).login(SAM_EMAIL, PASSWORD)
    plan = queries(seeded)
    samples: dict[str, list[int]] = {what: [] for what, _ in plan}
    results: dict[str, int] = {}
    errors: dict[str, int] = {what: 0 for what, _ in plan}

    async def one(params: dict) -> tuple[int, int, Any]:  # the body as Api.request decodes it: JSON, else text
        path = f"/api/search?{urlencode(params)}"
        t0 = time.monotonic_ns()
        status, body = await api.request("GET", path)
        return status, (time.monotonic_ns() - t0) // 1000, body

    for _, params in plan:  # warm-up: imports, caches, the database's buffers
        await one(params)
    cpu0, t0 = server.cpu_seconds(), time.monotonic()
    for _ in range(repeats):
        if time.time() > deadline:  # a time.time(), like the run's budget
            break
        for what, params in plan:
            status, micros, body = await one(params)
            if status != 200:
                errors[what] += 1
                continue
            samples[what].append(micros)
            results[what] = len(body["results"])
    elapsed = time.monotonic() - t0
    cpu = server.cpu_seconds() - cpu0
    rows = []
    everything: list[int] = []
    for what, params in plan:
        everything.extend(samples[what])
        rows.append({"query": what, "q": params["q"], "page": int(params.get("page", 1)), "searches": len(samples[what]),
                     "results_on_page": results.get(what), "errors": errors[what],
                     **{f"latency_{k}": v for k, v in latency_summary_ms(samples[what]).items()}})
    rows.append({"query": "all of the above", "q": "", "page": None, "searches": len(everything),
                 "results_on_page": None, "errors": sum(errors.values()),
                 **{f"latency_{k}": v for k, v in latency_summary_ms(everything).items()},
                 "server_cpu_pct": round(100 * cpu / elapsed, 1) if elapsed else None})
    return rows
