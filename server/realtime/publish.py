"""The one way to send a real-time event: `publish`, called by services.

It stores the event with the stream's next sequence number in the caller's
transaction and hands it to the emitter only after that transaction commits, so a
rolled-back change is never seen and every sent event can be replayed later.
"""
import json
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, transaction

from common.actor import actor_data
from common.idempotency import current_mutation_id
from common.observability import current_request_id
from realtime import emitter
from realtime.models import Stream, StreamEvent

OPS = {"created", "updated", "moved", "archived", "deleted", "read"}


def stream_next_seq(stream: str) -> int:
    """Take the next sequence number of `stream`.

    The UPDATE locks the stream's row until the transaction ends, so concurrent
    writers to one stream queue up and numbers are gapless and in commit order.
    """
    table = connection.ops.quote_name(Stream._meta.db_table)
    with connection.cursor() as cursor:
        # One statement: increment and read back (SQLite 3.35+ and PostgreSQL have RETURNING).
        cursor.execute(f"UPDATE {table} SET last_seq = last_seq + 1 WHERE name = %s RETURNING last_seq", [stream])
        row = cursor.fetchone()
    if row is not None:
        return int(row[0])
    try:
        with transaction.atomic():
            Stream.objects.create(name=stream, last_seq=1)
        return 1
    except IntegrityError:  # created concurrently: take the number the normal way
        return stream_next_seq(stream)


def stream_current_seq(stream: str) -> int:
    return Stream.objects.filter(name=stream).values_list("last_seq", flat=True).first() or 0


def publish(*, stream: str, event: str, op: str, data: Any, live: bool = True) -> dict[str, Any]:
    """Store an event on `stream` and send it to the stream's room after commit.

    `live=False` only stores it: a history nobody watches live (an appointment's changes).
    """
    if not connection.in_atomic_block:
        raise RuntimeError("publish() must run inside the transaction that made the change")
    if op not in OPS:
        raise ValueError(f"unknown op {op!r}")
    envelope = {
        "stream": stream,
        "seq": stream_next_seq(stream),
        "event": event,
        "op": op,
        "data": data,
        "mutation_id": current_mutation_id.get(),
        "actor": actor_data(),
        "request_id": current_request_id.get(),
    }
    if settings.EVENT_CONTRACT_CHECK:
        from realtime.contract import check_envelope

        check_envelope(json.loads(json.dumps(envelope, cls=DjangoJSONEncoder)))  # as clients will read it
    StreamEvent.objects.create(stream=stream, seq=envelope["seq"], event=event, envelope=envelope)
    # robust: a failing emit must not skip the other callbacks of a committed change;
    # the relay re-sends anything that did not go out (realtime.relay).
    if live:
        emitter.expect(stream, envelope["seq"])
        transaction.on_commit(lambda: emitter.emit_envelope(envelope), robust=True)
    return envelope


def stream_lock(stream: str) -> None:
    """Serialise writers of one stream from the start of their transaction.

    Services that read neighbouring rows before writing (card positions, free slots)
    take this first, so what they read cannot change under them before they commit.
    """
    if not connection.features.has_select_for_update:
        return  # SQLite: BEGIN IMMEDIATE already made this transaction the only writer
    if not Stream.objects.select_for_update().filter(name=stream).exists():
        try:
            with transaction.atomic():
                Stream.objects.create(name=stream, last_seq=0)
        except IntegrityError:
            pass
        Stream.objects.select_for_update().filter(name=stream).exists()
