"""`manage.py migrate`, one process at a time.

Several replicas that start together would each run migrate at once and race to create
the same tables. On PostgreSQL each takes a session advisory lock first, so they run
one after another and all but the first find nothing left to do. Other databases
(SQLite in development) migrate directly.

Usage: python deploy/migrate.py   (from the repository root or /app in the image)
"""
import os
import sys
from pathlib import Path

SERVER_DIR = Path(__file__).resolve().parent.parent / "server"
# Any fixed 64-bit number works as long as nothing else in the database uses it.
LOCK_KEY = 0x66726F6E74646573  # "frontdes"


def main() -> None:
    sys.path.insert(0, str(SERVER_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "server.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        call_command("migrate", interactive=False)
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
    try:
        # Same connection (same thread), so the lock is held for the whole migrate.
        call_command("migrate", interactive=False)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])


if __name__ == "__main__":
    main()
