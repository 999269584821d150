"""The per-stream ordering of committed events (realtime.sequencer), on a real event loop."""
import asyncio

from realtime.sequencer import HOLD_SECONDS, Sequencer


def envelope(stream: str, seq: int) -> dict:
    return {"stream": stream, "seq": seq}


async def run(arrivals, expected, *, until_sent: int = 0):
    sent = []

    async def send(env, committed_at):
        sent.append((env["stream"], env["seq"]))

    sequencer = Sequencer(send)
    for stream, seq in expected:
        sequencer.expect(stream, seq)
    for stream, seq in arrivals:
        sequencer.arrive(envelope(stream, seq), 0.0)
        await asyncio.sleep(0)
    # Bounded: what is held goes by itself after HOLD_SECONDS.
    deadline = asyncio.get_running_loop().time() + HOLD_SECONDS * 20
    while len(sent) < until_sent and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(HOLD_SECONDS / 5)
    return sent, sequencer.pending()


def test_a_later_number_waits_for_an_earlier_one_of_its_stream():
    sent, pending = asyncio.run(run(
        arrivals=[("board:1", 7), ("board:1", 6), ("board:2", 3), ("board:1", 5)],
        expected=[("board:1", 5), ("board:1", 6), ("board:1", 7), ("board:2", 3)],
    ))
    assert [seq for stream, seq in sent if stream == "board:1"] == [5, 6, 7]
    # Another stream does not wait for this one.
    assert sent.index(("board:2", 3)) < sent.index(("board:1", 5))
    assert pending == 0


def test_a_number_that_never_comes_holds_the_next_only_briefly():
    # 8 was taken by a transaction that rolled back: its event never arrives.
    sent, pending = asyncio.run(run(
        arrivals=[("board:1", 9)], expected=[("board:1", 8), ("board:1", 9)], until_sent=1,
    ))
    assert sent == [("board:1", 9)] and pending == 0


def test_numbers_taken_elsewhere_do_not_hold_anything_back():
    sent, _ = asyncio.run(run(arrivals=[("board:1", 4), ("board:1", 3)], expected=[]))
    assert sent == [("board:1", 4), ("board:1", 3)]  # no local number to wait for: as they come
