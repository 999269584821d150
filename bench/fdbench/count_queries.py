"""Queries per card move and per booking: `python count_queries.py SERVER_URL` with the server's settings.

Why in-process: the server's /metrics has each request's database *time*
(`http_request_db_seconds`), not its number of queries, and a socket event has neither;
counting from outside would need a server change. So the benchmark runs this script
(procs.AppServer.run_script) with the server's own settings against its throwaway database
(after migrate and seed_demo, while no server is running on it), and it makes the operations
the benchmark measures, counting their statements with Django's CaptureQueriesContext:

- card move, REST: `POST /api/cards/<id>/move` with an Idempotency-Key through Django's test
  Client, so the whole request is counted: middleware (session, user), DRF, the view;
- card move, socket: what the `card_move` handler runs in Django's sync thread
  (workflow.sockets._run, idempotency included); as in the server, the user was loaded
  when the socket connected;
- booking, REST: `POST /api/appointments` by a customer for themselves (the booking
  section's request), and by staff for a customer (the calendar's "book" dialog).

Moves go to the end of the next column, as in the benchmark (scenarios.MovePlan).
Each operation is made WARMUP times unrecorded (first-use caches), then REPEATS times.
Prints one JSON line: per operation the statements sent (transaction control included: each
is a round trip), the queries (without BEGIN, COMMIT, SAVEPOINT...) and the SQL of its last run.
"""
import json
import os
import secrets
import sys
from datetime import timedelta

import django

WARMUP = 2
REPEATS = 10
FIRST_BOOKING_DAY = 120  # days ahead: clear of the demo data and of the other sections' bookings
CUSTOMER_EMAIL = "casey@frontdesk.test"  # books for herself
BOOKED_BY_STAFF = "Kim Novak"  # booked for by staff


def is_transaction_control(sql: str) -> bool:
    """BEGIN, COMMIT, SAVEPOINT...: a round trip each, but not a query of the data."""
    return sql.split(None, 1)[0].upper() in {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"}


def main(server_url: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "server.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from appointments.hours import business_today
    from appointments.models import Service
    from customers.models import Customer
    from fdbench.scenarios import BOARD_ID, MAX_INDEX, STAFF_EMAIL, MovePlan
    from workflow import operations
    from workflow.models import Card, Column
    from workflow.sockets import _run as socket_mutation

    User = get_user_model()
    host = server_url.split("://", 1)[1]
    # The server's own host and origin (ALLOWED_HOSTS / ALLOWED_ORIGINS); the test Client
    # skips the CSRF check, which reads no table.
    headers = {"Host": host, "Origin": server_url}
    staff = User.objects.get(email=STAFF_EMAIL)
    columns = list(Column.objects.filter(board_id=BOARD_ID, archived=False).order_by("position").values_list("id", flat=True))
    cards = Card.objects.filter(board_id=BOARD_ID, archived=False)
    plan = MovePlan([{"id": card.id, "column_id": card.column_id} for card in cards], columns)

    def measured(name: str, prepare, act) -> dict:
        """`act(prepare())`, WARMUP times and then REPEATS times; only the statements of `act` are counted."""
        statements: list[int] = []
        queries: list[int] = []
        sql: list[str] = []
        for i in range(WARMUP + REPEATS):
            arg = prepare()
            with CaptureQueriesContext(connection) as captured:
                act(arg)
            if i >= WARMUP:
                sql = [q["sql"] for q in captured.captured_queries]
                statements.append(len(sql))
                queries.append(sum(1 for text in sql if not is_transaction_control(text)))
        return {"operation": name, "runs": REPEATS, "statements_mean": round(sum(statements) / REPEATS, 2),
                "queries_mean": round(sum(queries) / REPEATS, 2), "queries_min": min(queries), "queries_max": max(queries),
                "sql": [text[:300] for text in sql]}

    staff_client = Client(headers=headers)
    staff_client.force_login(staff)

    def rest_move(move: tuple[int, int]) -> None:
        card, column = move
        response = staff_client.post(f"/api/cards/{card}/move", {"column_id": column, "index": MAX_INDEX},
                                     content_type="application/json", headers={"Idempotency-Key": secrets.token_hex(8)})
        assert response.status_code == 200, (response.status_code, response.content[:300])

    def socket_move(move: tuple[int, int]) -> None:
        card, column = move
        socket_mutation(staff, secrets.token_hex(8), operations.card_move_for_user,
                        {"card_id": card, "column_id": column, "index": MAX_INDEX})

    haircut = Service.objects.get(name="Haircut")
    day = business_today() + timedelta(days=FIRST_BOOKING_DAY)

    used: set[str] = set()  # a slot has a place for each chair, but a customer sits in one at a time

    def free_slot() -> str:
        """The first free slot from `day` on, at a time not booked yet: found before the booking, not part of it."""
        nonlocal day
        for _ in range(60):
            slots = staff_client.get(f"/api/availability?service={haircut.id}&date={day.isoformat()}").json()["slots"]
            for slot in slots:
                if slot["start"] not in used:
                    used.add(slot["start"])
                    return slot["start"]
            day += timedelta(days=1)
        raise RuntimeError("no free slot in 60 days")

    def book(client: Client, body: dict):
        def act(start: str) -> None:
            response = client.post("/api/appointments", {**body, "start": start}, content_type="application/json",
                                   headers={"Idempotency-Key": secrets.token_hex(8)})
            assert response.status_code == 201, (response.status_code, response.content[:300])
        return act

    customer_client = Client(headers=headers)
    customer_client.force_login(User.objects.get(email=CUSTOMER_EMAIL))
    booked_for = Customer.objects.get(name=BOOKED_BY_STAFF)
    operations_counted = [
        measured("card move, REST", plan.next, rest_move),
        measured("card move, socket", plan.next, socket_move),
        measured("booking, REST, customer", free_slot, book(customer_client, {"service": haircut.id})),
        measured("booking, REST, staff for a customer", free_slot,
                 book(staff_client, {"service": haircut.id, "customer": booked_for.id})),
    ]
    print(json.dumps({"vendor": connection.vendor, "operations": operations_counted}))


if __name__ == "__main__":
    main(sys.argv[1])
