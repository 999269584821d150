"""BASELINE, not the product: the smallest python-socketio relay, for comparison with the real app.

A client emits `relay` {room, msg}; the server broadcasts `msg` to the room as `card_move`
and acknowledges. `join` {room} puts the socket in a room. Namespace /workflow, like the app.
bench/run.py serves it with uvicorn's defaults (`uvicorn relay:app`), uvicorn with
per-message deflate off, and granian (`granian --interface asgi relay:app`).
"""
import socketio

NAMESPACE = "/workflow"

sio = socketio.AsyncServer(async_mode="asgi", cors_allowed_origins="*", logger=False, engineio_logger=False)


@sio.on("join", namespace=NAMESPACE)
async def join(sid, data):
    await sio.enter_room(sid, str(data["room"]), namespace=NAMESPACE)
    return {"ok": True}


@sio.on("relay", namespace=NAMESPACE)
async def relay(sid, data):
    await sio.emit("card_move", data["msg"], room=str(data["room"]), namespace=NAMESPACE)
    return {"ok": True}


app = socketio.ASGIApp(sio)
