"""A database that held audit rows before the hash chain existed is chained by the migration, in seq
order, with the same hashes the live code writes, so it verifies clean."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from yidang.audit.chain import GENESIS, chain_verify
from yidang.audit.models import AuditEvent

INSERT = (
    "INSERT INTO audit_auditevent (at, actor_id, actor_label, action, object_type, object_id, object_label,"
    " project_id, before, after, prev_hash, row_hash) VALUES (%s, NULL, 'system', %s, 'places.room', '7', %s,"
    " NULL, NULL, %s, '', '')"
)


def migrate_to(target: tuple[str, str]) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([target])


@pytest.fixture
def back_to_latest():
    """Whatever the test does, leave the schema fully migrated for the tests after it."""
    yield
    migrate_to(MigrationExecutor(connection).loader.graph.leaf_nodes("audit")[0])


@pytest.mark.django_db(transaction=True)
def test_rows_written_before_the_chain_are_chained_by_the_migration(world, back_to_latest):
    live = dict(AuditEvent.objects.values_list("seq", "row_hash"))
    migrate_to(("audit", "0001_initial"))
    at = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET prev_hash = '', row_hash = ''")
        for n, after in enumerate(['{"b": 1, "a": [1.0, 1e16]}', '{"名称": "华苑 A2-15-1503"}', None]):
            cursor.execute(INSERT, [at, f"legacy.{n}", f"旧记录 {n}", after])

    migrate_to(("audit", "0002_chain_existing_rows"))
    migrate_to(MigrationExecutor(connection).loader.graph.leaf_nodes("audit")[0])

    rows = list(AuditEvent.objects.order_by("seq"))
    assert rows[0].prev_hash == GENESIS
    assert all(r.row_hash for r in rows)
    assert {r.seq: r.row_hash for r in rows if r.seq in live} == live
    assert [r.action for r in rows[-3:]] == ["legacy.0", "legacy.1", "legacy.2"]
    assert chain_verify(AuditEvent).intact
