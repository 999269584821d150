"""Full-text search of cards on PostgreSQL (GET /api/search, workflow.search).

Each card gets a stored tsvector, `workflow_card.search_document`: its title (weight A),
description (B) and comments (C), with a GIN index. Stored, not an expression index,
because ranking reads it for every match: recomputing to_tsvector for each of 20,000
matching cards takes ten times longer than reading the stored vectors (bench/: search).

It is kept up to date by the database itself, so every writer is covered (services,
admin, scripts, bulk loads) and nothing in Python has to remember it:
- a card's row trigger fills it on insert, when the title or description changes, and
  whenever it is NULL;
- comment statement triggers set it to NULL on the cards whose comments changed (one
  UPDATE per statement, also for bulk inserts), so the card trigger recomputes it.
It is a database column only, not a model field: Django never reads or writes it, so
loading cards (a board snapshot) does not carry it. SQLite has none of this; it
searches with icontains and this migration does nothing there.

Comments count up to their newest 200,000 characters: a tsvector is limited to 1 MB.
"""
from django.db import migrations

FORWARD = [
    "ALTER TABLE workflow_card ADD COLUMN search_document tsvector",
    """
    CREATE FUNCTION workflow_card_fill_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            -- A new card has no comments yet.
            NEW.search_document :=
                setweight(to_tsvector('simple', coalesce(NEW.title, '')), 'A')
                || setweight(to_tsvector('simple', coalesce(NEW.description, '')), 'B');
        ELSIF NEW.search_document IS NULL
           OR NEW.title IS DISTINCT FROM OLD.title OR NEW.description IS DISTINCT FROM OLD.description THEN
            NEW.search_document :=
                setweight(to_tsvector('simple', coalesce(NEW.title, '')), 'A')
                || setweight(to_tsvector('simple', coalesce(NEW.description, '')), 'B')
                || setweight(to_tsvector('simple', coalesce((
                    SELECT left(string_agg(text, ' ' ORDER BY id DESC), 200000)
                    FROM workflow_comment WHERE card_id = NEW.id
                ), '')), 'C');
        END IF;
        RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER workflow_card_search_document BEFORE INSERT OR UPDATE ON workflow_card
    FOR EACH ROW EXECUTE FUNCTION workflow_card_fill_search_document()
    """,
    """
    CREATE FUNCTION workflow_comment_refresh_card_search() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            UPDATE workflow_card SET search_document = NULL WHERE id IN (SELECT card_id FROM new_comments);
        ELSIF TG_OP = 'DELETE' THEN
            UPDATE workflow_card SET search_document = NULL WHERE id IN (SELECT card_id FROM old_comments);
        ELSE
            UPDATE workflow_card SET search_document = NULL
            WHERE id IN (SELECT card_id FROM old_comments UNION SELECT card_id FROM new_comments);
        END IF;
        RETURN NULL;
    END $$
    """,
    # A trigger with transition tables takes one event each.
    """
    CREATE TRIGGER workflow_comment_insert_search AFTER INSERT ON workflow_comment
    REFERENCING NEW TABLE AS new_comments
    FOR EACH STATEMENT EXECUTE FUNCTION workflow_comment_refresh_card_search()
    """,
    """
    CREATE TRIGGER workflow_comment_update_search AFTER UPDATE ON workflow_comment
    REFERENCING OLD TABLE AS old_comments NEW TABLE AS new_comments
    FOR EACH STATEMENT EXECUTE FUNCTION workflow_comment_refresh_card_search()
    """,
    """
    CREATE TRIGGER workflow_comment_delete_search AFTER DELETE ON workflow_comment
    REFERENCING OLD TABLE AS old_comments
    FOR EACH STATEMENT EXECUTE FUNCTION workflow_comment_refresh_card_search()
    """,
    # The cards that exist already: NULL makes the trigger fill it.
    "UPDATE workflow_card SET search_document = NULL",
    "CREATE INDEX workflow_card_search ON workflow_card USING gin (search_document)",
]
BACKWARD = [
    "DROP TRIGGER workflow_comment_insert_search ON workflow_comment",
    "DROP TRIGGER workflow_comment_update_search ON workflow_comment",
    "DROP TRIGGER workflow_comment_delete_search ON workflow_comment",
    "DROP FUNCTION workflow_comment_refresh_card_search()",
    "DROP TRIGGER workflow_card_search_document ON workflow_card",
    "DROP FUNCTION workflow_card_fill_search_document()",
    "DROP INDEX workflow_card_search",
    "ALTER TABLE workflow_card DROP COLUMN search_document",
]


def _on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("workflow", "0002_roles_assignees_checklists_attachments")]

    operations = [migrations.RunPython(_on_postgresql(FORWARD), _on_postgresql(BACKWARD))]
