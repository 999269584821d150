"""Prometheus metrics of the real-time path, served at /metrics.

Counters are per process; Prometheus sums them across processes.
"""
import time

import socketio
from prometheus_client import Counter, Gauge, Histogram

connected_clients = Gauge("socketio_connected_clients", "Open Socket.IO connections", ["namespace"])
connects = Counter("socketio_connects_total", "Accepted Socket.IO connections", ["namespace"])
refusals = Counter("socketio_refusals_total", "Refused Socket.IO connections", ["namespace", "reason"])
disconnects = Counter("socketio_disconnects_total", "Closed Socket.IO connections", ["namespace"])
events_emitted = Counter("socketio_events_emitted_total", "Events sent to a room, once per event", ["event"])
events_delivered = Counter("socketio_events_delivered_total", "Event copies handed to connected clients", ["event"])
handler_errors = Counter("socketio_handler_errors_total", "Client events answered with an error", ["event", "code"])
broadcast_copies = Counter(
    "socketio_broadcast_copies_total",
    "Copies of room events, by how they left: written straight to the websocket, or queued behind the connection's other packets",
    ["path"],
)
slow_consumers_dropped = Counter(
    "socketio_slow_consumers_dropped_total", "Websocket connections closed for falling SOCKETIO_MAX_QUEUED_PACKETS behind"
)
replays = Counter("socketio_replays_total", "Replays of stored events (rejoin or gap repair)", ["namespace"])
resyncs = Counter("socketio_resyncs_total", "Snapshots sent because the history asked for was gone", ["namespace"])
queue_state = Gauge(
    "socketio_message_queue_up", "1 when the message queue answers and this process's listener is subscribed to it, 0 when not"
)
emit_latency = Histogram(
    "socketio_emit_latency_seconds",
    "From the commit of a change to its event being handed to the transport",
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0),
)


def count_delivery(manager: socketio.AsyncManager, event: str, namespace: str, room: object) -> None:
    """Count the copies of `event` this process hands out (the size of the local room)."""
    if isinstance(room, str):
        participants = manager.rooms.get(namespace, {}).get(room)
        if participants:
            events_delivered.labels(event).inc(len(participants))


def count_broadcast(written: int, queued: int, dropped: int) -> None:
    if written:
        broadcast_copies.labels("direct").inc(written)
    if queued:
        broadcast_copies.labels("queued").inc(queued)
    if dropped:
        slow_consumers_dropped.inc(dropped)


def observe_emit(started: float) -> None:
    emit_latency.observe(time.perf_counter() - started)
