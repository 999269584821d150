"""No resource ever has two overlapping appointments that are not cancelled.

Enforced by the database itself, so it holds for every writer (API, admin, scripts,
several processes):
- PostgreSQL: an exclusion constraint over (resource, [start, end)) with btree_gist.
- SQLite: triggers that abort an insert or update that would overlap; together with
  BEGIN IMMEDIATE transactions (settings.py) the check and the write cannot interleave.
"""
from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """ALTER TABLE appointments_appointment ADD CONSTRAINT appointment_no_overlap
       EXCLUDE USING gist (resource_id WITH =, tstzrange(start, "end", '[)') WITH &&)
       WHERE (status <> 'cancelled')""",
]
POSTGRES_BACKWARD = ["ALTER TABLE appointments_appointment DROP CONSTRAINT appointment_no_overlap"]

_SQLITE_OVERLAP = """
    SELECT RAISE(ABORT, 'appointment_no_overlap: the resource is already booked at that time')
    WHERE NEW.status <> 'cancelled' AND EXISTS (
        SELECT 1 FROM appointments_appointment other
        WHERE other.resource_id = NEW.resource_id
          AND other.status <> 'cancelled'
          AND other.id <> NEW.id
          AND other.start < NEW."end"
          AND other."end" > NEW.start
    );
"""
SQLITE_FORWARD = [
    f"CREATE TRIGGER appointment_no_overlap_insert BEFORE INSERT ON appointments_appointment BEGIN {_SQLITE_OVERLAP} END",
    f"CREATE TRIGGER appointment_no_overlap_update BEFORE UPDATE ON appointments_appointment BEGIN {_SQLITE_OVERLAP} END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS appointment_no_overlap_insert",
    "DROP TRIGGER IF EXISTS appointment_no_overlap_update",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("appointments", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
