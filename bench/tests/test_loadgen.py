"""Self-tests of the load generator: `.venv/bin/python -m pytest bench/tests` (not part of `make test`).

They check the minimal Socket.IO client against the real python-socketio server (the
baseline relay), with and without per-message deflate, the worker pool plumbing, and
the staff calendar's per-client count.
"""
import asyncio
import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fdbench import eio, procs, scenarios, staff_calendar  # noqa: E402
from fdbench.client import Pool  # noqa: E402
from fdbench.stats import latency_summary_ms, percentile  # noqa: E402


def test_mask_roundtrip():
    key = b"\x01\x02\x03\x04"
    payload = b"hello, socket.io" * 9
    assert eio._mask(eio._mask(payload, key), key) == payload
    frame = eio.encode_frame(b"x" * 300)
    assert frame[0] == 0x81 and frame[1] == 0x80 | 126 and int.from_bytes(frame[2:4], "big") == 300


def test_percentiles():
    values = list(range(1, 101))
    assert percentile(values, 50) == 50 and percentile(values, 99) == 99 and percentile(values, 100) == 100
    summary = latency_summary_ms([1000, 2000, 3000])
    assert summary["p50_ms"] == 2.0 and summary["max_ms"] == 3.0


@pytest.mark.parametrize("server", ["uvicorn", "uvicorn-nodeflate"])
def test_client_against_python_socketio(server):
    relay = procs.PythonRelay(server).start()
    try:
        asyncio.run(_roundtrip(relay, deflate_expected=(server == "uvicorn")))
    finally:
        relay.stop()


async def _roundtrip(relay, deflate_expected: bool):
    got = []
    receiver = await eio.connect(host="127.0.0.1", port=relay.port, namespace="/workflow", origin=relay.url,
                                 on_broadcast=lambda key, t: got.append(key))
    sender = await eio.connect(host="127.0.0.1", port=relay.port, namespace="/workflow", origin=relay.url)
    assert (receiver.inflater is not None) == deflate_expected
    assert await receiver.call("join", {"room": "r"}, timeout=5) == {"ok": True}
    for i in range(20):
        assert await sender.call("relay", {"room": "r", "msg": scenarios.relay_envelope(f"k{i}", i)}, timeout=5) == {"ok": True}
    for _ in range(100):
        if len(got) == 20:
            break
        await asyncio.sleep(0.02)
    assert got == [f"k{i}".encode() for i in range(20)]
    receiver.close()
    sender.close()


def test_pool_measures_a_burst():
    relay = procs.PythonRelay("uvicorn-nodeflate").start()
    try:
        asyncio.run(_burst(relay))
    finally:
        relay.stop()


async def _burst(relay):
    target = await scenarios.relay_target(relay, "relay")
    async with Pool(2) as pool:
        connected = await target.connect(pool, 10, timeout=30)
        assert connected["connected"] == 10
        row = await scenarios.measure(target, pool, transport="socket", mode="burst", count=30)
        assert row["deliveries"] == 300 and row["lost"] == 0 and row["ack_errors"] == 0
        assert row["latency_p50_ms"] > 0
        row = await scenarios.measure(target, pool, transport="socket", mode="steady", rate=50, count=10)
        assert row["deliveries"] == 100
    target.close_sender()


def test_client_reports_the_stream_when_asked():
    relay = procs.PythonRelay("uvicorn-nodeflate").start()
    try:
        asyncio.run(_streams(relay))
    finally:
        relay.stop()


async def _streams(relay):
    got = []
    receiver = await eio.connect(host="127.0.0.1", port=relay.port, namespace="/workflow", origin=relay.url,
                                 on_broadcast=lambda key, t: got.append(key), key_field=eio.STREAM_KEY)
    assert await receiver.call("join", {"room": scenarios.ROOM}, timeout=5) == {"ok": True}
    assert await receiver.call("relay", {"room": scenarios.ROOM, "msg": scenarios.relay_envelope("k", 1)}, timeout=5) == {"ok": True}
    for _ in range(100):
        if got:
            break
        await asyncio.sleep(0.02)
    assert got == [scenarios.ROOM.encode()]
    receiver.close()


def test_pool_counts_deliveries_per_worker():
    relay = procs.PythonRelay("uvicorn-nodeflate").start()
    try:
        asyncio.run(_per_worker(relay))
    finally:
        relay.stop()


async def _per_worker(relay):
    target = await scenarios.relay_target(relay, "relay")
    async with Pool(2) as pool:
        assert (await target.connect(pool, 3, timeout=30, workers=[0]))["connected"] == 3
        assert (await target.connect(pool, 2, timeout=30, workers=[1]))["connected"] == 2
        assert pool.counts == [3, 2]
        row = await scenarios.measure(target, pool, transport="socket", mode="burst", count=10)
        assert [w["deliveries"] for w in row["per_worker"]] == [30, 20]
        assert row["lost"] == 0 and row["extra"] == 0 and all(w["deliveries_per_s"] > 0 for w in row["per_worker"])
    target.close_sender()


def test_calendar_weeks_and_tally():
    weeks, booked = staff_calendar.mondays(10)
    assert len(set(weeks)) == 10 and all(w.weekday() == 0 for w in weeks)
    assert len(booked) == staff_calendar.BOOKED_WEEKS and set(booked) <= set(weeks) and booked[0] > dt.date.today()
    monday = booked[0]
    tuesday = f"day:{monday + dt.timedelta(days=1)}".encode()
    next_monday = f"day:{monday + dt.timedelta(days=7)}".encode()
    exact = staff_calendar.Watcher(monday)
    exact.got.update({tuesday: 2, b"appointments": 4})
    missing = staff_calendar.Watcher(monday)
    missing.got.update({tuesday: 1})
    leaked = staff_calendar.Watcher(monday - dt.timedelta(days=7))  # the week before: gets a day of the booked week
    leaked.got.update({tuesday: 1})
    following = staff_calendar.Watcher(monday + dt.timedelta(days=7))
    following.got.update({next_monday: 1})
    counted = staff_calendar.tally([exact, missing, leaked, following],
                                   [monday + dt.timedelta(days=1)] * 2 + [monday + dt.timedelta(days=7)])
    assert counted == {"clients_exact": 2, "wrong_week_deliveries": 1, "missed": 1, "extra": 0,
                       "day_deliveries": 5, "feed_deliveries": 4}
