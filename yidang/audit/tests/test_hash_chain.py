"""Every audit row is chained to the one before it, whichever path wrote it, and the JSON that the
database gives back hashes the same as the JSON that was written."""

from __future__ import annotations

import hashlib
import itertools
import json
from datetime import UTC

import pytest
from django.db import transaction

from yidang.audit.actions import Change, audit_record, audit_record_many
from yidang.audit.chain import GENESIS, canonical_text, chain_verify, content, content_of_canonical, json_text
from yidang.audit.models import AuditEvent
from yidang.households.actions import vehicle_add


def chain() -> list[AuditEvent]:
    return list(AuditEvent.objects.order_by("seq"))


def expected_hash(event: AuditEvent) -> str:
    """The documented formula, spelled out independently of yidang.audit.chain."""
    at = event.at.astimezone(UTC).isoformat(timespec="microseconds")
    fields = [at, event.actor_id, event.actor_label, event.action, event.object_type, event.object_id,
              event.object_label, event.project_id, event.before, event.after]  # fmt: skip
    text = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((event.prev_hash + text).encode()).hexdigest()


def test_the_first_row_links_to_genesis_and_every_row_to_the_one_before(world):
    rows = chain()

    assert len(rows) > 5
    assert rows[0].prev_hash == GENESIS
    for before, row in itertools.pairwise(rows):
        assert row.prev_hash == before.row_hash
    assert all(len(r.row_hash) == 64 and r.row_hash == expected_hash(r) for r in rows)
    assert chain_verify(AuditEvent).intact


def test_bulk_rows_continue_the_chain_and_single_rows_continue_after_them(world):
    room, actor = world.rooms["hy1503"], world.archivist
    last = chain()[-1]

    with transaction.atomic():
        written = audit_record_many(
            actor=actor,
            changes=[Change("room.touch", room, after={"n": i}, project_id=world.hy.pk) for i in range(3)],
        )
    vehicle_add(room=room, plate="沪B55555", actor=actor)

    rows = list(AuditEvent.objects.filter(seq__gt=last.seq).order_by("seq"))
    assert written == 3
    assert [r.action for r in rows] == ["room.touch"] * 3 + ["vehicle.create"]
    assert [(r.after or {})["n"] for r in rows[:3]] == [0, 1, 2]
    assert rows[0].prev_hash == last.row_hash
    assert rows[3].prev_hash == rows[2].row_hash
    assert all(r.row_hash == expected_hash(r) for r in rows[:3])
    assert chain_verify(AuditEvent).intact


AWKWARD = {
    "z": 1,
    "a": {"y": [3, 2, 1], "b": None, "中文": "业主 张伟 🏠"},
    "floats": [1.0, 0.1, 1e16, 1e300, 2.5e-7, -0.0, 123456.789],
    "big": 2**63 + 1,
    "quote": 'he said "hi"\n\\ tab\t',
    "empty": {},
    "list": [],
    "bool": [True, False],
}


@pytest.mark.parametrize("path", ["one", "many"])
def test_json_the_database_reorders_or_renumbers_still_verifies(world, path):
    room, actor = world.rooms["hy1503"], world.archivist
    int_key: dict = {1: "int key", "b": 2}  # JSON keys are strings: the database gives back "1"
    change = Change("room.touch", room, before=int_key, after=AWKWARD, project_id=world.hy.pk)

    with transaction.atomic():
        if path == "one":
            audit_record(actor=actor, change=change)
        else:
            audit_record_many(actor=actor, changes=[change, change])

    stored = AuditEvent.objects.filter(action="room.touch").latest("seq")
    assert stored.before == {"1": "int key", "b": 2}
    assert (stored.after or {})["a"]["中文"] == "业主 张伟 🏠"
    assert chain_verify(AuditEvent).intact


@pytest.mark.parametrize("value", [AWKWARD, {1: "int key", "b": 2}, {"n": 2**70}, None])
def test_bulk_rows_hash_what_verification_recomputes_from_any_json_of_the_same_value(value):
    at, row = "2026-12-07T01:02:03.000004+00:00", ("archivist", "room.touch", "places.room", "9", "A2-15-1503")
    stored = canonical_text(value)  # what a bulk row stores
    recomputed = content(at, 7, *row, 3, json_text(value), stored)
    assert content_of_canonical([at, 7, *row, 3], stored, stored) == recomputed


def test_rows_of_a_rolled_back_action_leave_no_gap_in_the_chain(world):
    room, actor = world.rooms["hy1503"], world.archivist
    last = chain()[-1]

    with transaction.atomic():
        try:
            with transaction.atomic():
                audit_record(actor=actor, change=Change("room.touch", room, project_id=world.hy.pk))
                raise RuntimeError("the action fails after its audit row")
        except RuntimeError:
            pass
        audit_record(actor=actor, change=Change("room.touch", room, after={"retry": True}, project_id=world.hy.pk))

    row = AuditEvent.objects.get(action="room.touch")
    assert row.prev_hash == last.row_hash
    assert chain_verify(AuditEvent).intact
