"""Self-tests of the load generator: `.venv/bin/python -m pytest bench/tests` (not part of `make test`).

They check the minimal Socket.IO client against the real python-socketio server (the
baseline relay), with and without per-message deflate, and the worker pool plumbing.
"""
import asyncio
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fdbench import eio, procs, scenarios  # noqa: E402
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
