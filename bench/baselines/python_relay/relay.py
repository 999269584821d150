"""BASELINE, not the product: the smallest python-socketio relay, for comparison with the real app.

A client emits `relay` {room, msg}; the server broadcasts `msg` to the room as `card_move`
and acknowledges. `join` {room} puts the socket in a room. Namespace /workflow, like the app.
bench/run.py serves it with uvicorn's defaults (`uvicorn relay:app`), uvicorn with
per-message deflate off, and granian (`granian --interface asgi relay:app`).

With RELAY_FANOUT=1 it is the real server's relay path without the app: room events go
through server/realtime/fanout.py (one frame per event written to each websocket) as in
the product, and nothing touches a database (served by uvicorn like the product).
"""
import os
import sys
from pathlib import Path

import socketio

NAMESPACE = "/workflow"
OPTIONS = dict(async_mode="asgi", cors_allowed_origins="*", logger=False, engineio_logger=False)

if os.environ.get("RELAY_FANOUT"):
    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "server"))
    from realtime import fanout  # noqa: E402  (imports no Django)

    class FanoutServer(socketio.AsyncServer):
        def _engineio_server_class(self):
            return fanout.DirectWritesEngineIO

    sio = FanoutServer(client_manager=fanout.LeanManager(), **OPTIONS)
else:
    sio = socketio.AsyncServer(**OPTIONS)


@sio.on("join", namespace=NAMESPACE)
async def join(sid, data):
    await sio.enter_room(sid, str(data["room"]), namespace=NAMESPACE)
    return {"ok": True}


@sio.on("relay", namespace=NAMESPACE)
async def relay(sid, data):
    await sio.emit("card_move", data["msg"], room=str(data["room"]), namespace=NAMESPACE)
    return {"ok": True}


app = socketio.ASGIApp(sio)
