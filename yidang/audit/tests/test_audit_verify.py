"""``manage.py audit_verify`` passes an untouched chain and names the first broken link when rows are
edited, deleted or swapped behind the system's back (raw SQL, past the append-only guard)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from yidang.audit.chain import event_content, link
from yidang.audit.models import AuditEvent

CONTENT = ["at", "actor_id", "actor_label", "action", "object_type", "object_id", "object_label", "project_id",
           "before", "after", "prev_hash", "row_hash"]  # fmt: skip


def verify() -> str:
    out = StringIO()
    call_command("audit_verify", stdout=out, chunk_size=3)
    return out.getvalue()


def seqs() -> list[int]:
    return list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))


def sql(statement: str, params: list | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


def swap(a: int, b: int) -> None:
    """Exchange every column but seq between two rows, hashes included."""
    columns = ", ".join(f"CAST({c} AS text)" if c in ("before", "after") else c for c in CONTENT)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM audit_auditevent WHERE seq IN (%s, %s) ORDER BY seq", [a, b])
        first, second = cursor.fetchall()
        assignments = ", ".join(f"{c} = %s" for c in CONTENT)
        cursor.execute(f"UPDATE audit_auditevent SET {assignments} WHERE seq = %s", [*second, a])
        cursor.execute(f"UPDATE audit_auditevent SET {assignments} WHERE seq = %s", [*first, b])


def broken(match: str) -> None:
    with pytest.raises(CommandError, match=match) as caught:
        verify()
    assert caught.value.returncode == 1


def test_an_untouched_chain_passes_with_a_one_line_summary(world):
    rows = seqs()

    out = verify()

    assert out.count("\n") == 1
    assert out.startswith(f"audit chain intact: {len(rows):,} rows, seq {rows[0]}–{rows[-1]}, head ")
    assert AuditEvent.objects.get(seq=rows[-1]).row_hash in out


def test_an_empty_audit_trail_passes(db):
    assert verify() == "audit chain intact: 0 rows\n"


def test_a_row_edited_in_sql_is_named_as_edited(world):
    target = seqs()[4]
    sql("UPDATE audit_auditevent SET object_label = %s WHERE seq = %s", ["伪造的对象", target])

    broken(rf"^audit chain broken at seq {target}: row content does not match its hash \(4 rows before it")


def test_a_row_whose_json_was_edited_in_sql_is_named_as_edited(world):
    target = AuditEvent.objects.filter(after__isnull=False).order_by("seq").values_list("seq", flat=True)[1]
    sql("UPDATE audit_auditevent SET after = %s WHERE seq = %s", ['{"forged": true}', target])

    broken(rf"^audit chain broken at seq {target}: row content does not match its hash")


def test_a_row_whose_hashes_were_recomputed_after_an_edit_breaks_the_next_link(world):
    rows = seqs()
    edited = AuditEvent.objects.get(seq=rows[2])
    edited.action = "forged"
    forged = link(edited.prev_hash, event_content(edited))
    sql("UPDATE audit_auditevent SET action = 'forged', row_hash = %s WHERE seq = %s", [forged, rows[2]])

    broken(rf"^audit chain broken at seq {rows[3]}: prev_hash does not match the row before \(seq {rows[2]}\)")


def test_a_deleted_row_is_named_at_the_row_after_it(world):
    rows = seqs()
    sql("DELETE FROM audit_auditevent WHERE seq = %s", [rows[3]])

    broken(rf"^audit chain broken at seq {rows[4]}: prev_hash does not match the row before \(seq {rows[2]}\)")


def test_a_deleted_first_row_is_named_at_the_new_first_row(world):
    rows = seqs()
    sql("DELETE FROM audit_auditevent WHERE seq = %s", [rows[0]])

    broken(rf"^audit chain broken at seq {rows[1]}: prev_hash does not match the row before \(genesis\)")


def test_a_deleted_last_row_is_not_a_broken_link_but_moves_the_head(world):
    """Truncating the tail leaves a valid shorter chain: the head printed by each run is the anchor to keep."""
    head_before = verify().split("head ")[1].strip()
    sql("DELETE FROM audit_auditevent WHERE seq = %s", [seqs()[-1]])

    assert verify().split("head ")[1].strip() != head_before


def test_two_rows_swapped_with_their_hashes_are_named_at_the_first_of_them(world):
    rows = seqs()
    swap(rows[5], rows[6])

    broken(rf"^audit chain broken at seq {rows[5]}: prev_hash does not match the row before \(seq {rows[4]}\)")


def test_two_distant_rows_swapped_are_caught_too(world):
    rows = seqs()
    swap(rows[2], rows[-2])

    broken(rf"^audit chain broken at seq {rows[2]}: prev_hash does not match the row before \(seq {rows[1]}\)")
