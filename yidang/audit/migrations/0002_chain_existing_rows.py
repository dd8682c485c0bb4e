"""Chain the rows written before the hash chain existed, in seq order, so old databases verify clean."""

from django.db import migrations

BATCH = 5000


def chain_existing(apps, schema_editor):
    from yidang.audit.chain import GENESIS, chain_rows_in_order, recompute

    AuditEvent = apps.get_model("audit", "AuditEvent")
    connection = schema_editor.connection
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    sql = f"UPDATE {table} SET prev_hash = %s, row_hash = %s WHERE seq = %s"
    prev, last = GENESIS, 0
    # Keyset batches, each read in full before it is updated (SQLite gives no isolation between a
    # cursor still reading a table and updates to it on the same connection).
    while rows := list(chain_rows_in_order(AuditEvent).filter(seq__gt=last)[:BATCH]):
        updates = []
        for row in rows:
            row_hash = recompute(row, prev)
            updates.append((prev, row_hash, row[0]))
            prev = row_hash
        with connection.cursor() as cursor:
            cursor.executemany(sql, updates)
        last = rows[-1][0]


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(chain_existing, migrations.RunPython.noop)]
