"""On PostgreSQL the database itself refuses to delete archive documents, and scans outside a destruction.

``retention.actions.destruction_execute`` sets ``yidang.destruction`` for its own transaction
(``set_config(..., true)``) before deleting the scan rows of approved documents; nothing else can.
TRUNCATE (the test runner's flush) is not a row delete and is not affected. On SQLite the models'
``delete()`` guards (``archive.models``) are the guard: a trigger there would also refuse the
test runner's ``DELETE FROM`` flush.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION yidang_refuse_document_delete() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'archive documents are never deleted: destroy them through an approved destruction list';
END $$ LANGUAGE plpgsql;
CREATE TRIGGER archive_document_no_delete BEFORE DELETE ON archive_document
    FOR EACH ROW EXECUTE FUNCTION yidang_refuse_document_delete();
CREATE OR REPLACE FUNCTION yidang_scan_delete_guard() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('yidang.destruction', true), '') <> 'on' THEN
        RAISE EXCEPTION 'scans are deleted only by an approved destruction list';
    END IF;
    RETURN OLD;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER archive_scan_no_delete BEFORE DELETE ON archive_scan
    FOR EACH ROW EXECUTE FUNCTION yidang_scan_delete_guard();
"""
BACKWARD = """
DROP TRIGGER IF EXISTS archive_document_no_delete ON archive_document;
DROP TRIGGER IF EXISTS archive_scan_no_delete ON archive_scan;
DROP FUNCTION IF EXISTS yidang_refuse_document_delete();
DROP FUNCTION IF EXISTS yidang_scan_delete_guard();
"""


def _run(sql: str):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("retention", "0001_initial"), ("archive", "0004_retention_trigger_and_destroyed")]
    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
