"""A commit plans and writes its sheet a slice of rows at a time; what it writes is what one plan of
the whole sheet writes, also when a row's person, company or building comes from an earlier slice."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.db import transaction

from yidang.archive.models import Archive, ChecklistItem
from yidang.audit.chain import chain_verify
from yidang.audit.models import AuditEvent
from yidang.households.models import EmergencyContact, Occupancy, SearchToken, Vehicle
from yidang.imports import actions
from yidang.imports.actions import households_import
from yidang.imports.tests.sheets import ID_CHEN, ID_LI, ID_WANG, row, workbook
from yidang.places.models import Room
from yidang.timeline.models import TimelineEvent

LI: dict[str, Any] = {"name": "李明", "id_number": ID_LI, "phone": "13812345678"}
WANG: dict[str, Any] = {"name": "王芳", "id_number": ID_WANG, "phone": "13912345678"}
ZHAO: dict[str, Any] = {
    "building": "S1",
    "unit": "1",
    "floor": 3,
    "number": "302",
    "name": "赵六",
    "phone": "13700000000",
}


def first_sheet() -> bytes:
    return workbook(
        [
            row(building="S1", unit="1", floor=3, number="301", area=88, move_in_date="2020-01-02", **LI),
            row(**ZHAO),
            row(building="S1", unit="1", floor=3, number="303"),
        ]
    )


def second_sheet() -> bytes:
    """Rows that lean on rows before them: a transfer, a person seen again, a building made earlier."""
    return workbook(
        [
            row(building="S1", unit="1", floor=3, number="301", **WANG),  # 过户: 李明 → 王芳
            row(building="S2", unit="2", floor=1, number="101", **(LI | {"phone": "13800000001"})),  # 李明 moves
            # 王芳 again, with another phone: only the first row naming a person changes them
            row(building="S2", unit="2", floor=1, number="102", **(WANG | {"phone": "13912340000"}), plates="京B12345"),
            row(**ZHAO, emergency_name="赵七", emergency_phone="13600000000"),  # a contact added
            row(building="S2", unit="2", floor=1, number="103", name="陈刚", id_number=ID_CHEN, role="租户"),
            row(building="S1", unit="1", floor=3, number="303", name="某某有限公司", role="商户"),
        ]
    )


def written(project_id: int, since: tuple[int, int]) -> dict[str, Any]:
    """What the project holds, by natural keys (ids differ from one run to the next); the timeline
    events and audit rows after ``since`` (an event id, an audit seq)."""
    rooms = Room.objects.filter(project_id=project_id)
    code = dict(rooms.values_list("id", "code"))
    occupant = {
        o.pk: (o.person.name, o.person.phone, o.person.id_hash) if o.person else (o.organization.name,)  # type: ignore[union-attr]
        for o in Occupancy.objects.filter(room_id__in=code).select_related("person", "organization")
    }
    return {
        "rooms": sorted(rooms.values_list("code", "unit__code", "floor", "area", "use", "occupancy", "move_in_date")),
        "occupancies": sorted(
            (code[o.room_id], occupant[o.pk], o.role, o.start_date, o.end_date)
            for o in Occupancy.objects.filter(room_id__in=code)
        ),
        "contacts": sorted(
            (code[c.room_id], c.name, c.phone) for c in EmergencyContact.objects.filter(room_id__in=code)
        ),
        "vehicles": sorted((code[v.room_id], v.plate) for v in Vehicle.objects.filter(room_id__in=code)),
        "tokens": sorted((code[t.room_id], t.kind, t.token) for t in SearchToken.objects.filter(room_id__in=code)),
        "files": sorted(
            Archive.objects.filter(room_id__in=code).values_list(
                "number", "has_transfer", "required_count", "satisfied_count"
            )
        ),
        "checklists": sorted(
            ChecklistItem.objects.filter(archive__room_id__in=code).values_list(
                "archive__number", "doc_type__code", "satisfied"
            )
        ),
        "timeline": sorted(
            (code[e.room_id], e.kind, e.summary, str(e.data))
            for e in TimelineEvent.objects.filter(room_id__in=code, pk__gt=since[0])
        ),
        "audit": [
            (e.action, e.object_label, e.before, e.after)
            for e in AuditEvent.objects.filter(seq__gt=since[1]).order_by("seq")
        ],
    }


@time_machine.travel(date(2024, 6, 3), tick=False)
@pytest.mark.parametrize("slice_rows", [1, 2, 4])
def test_a_sheet_written_in_slices_holds_what_one_plan_of_it_writes(world, monkeypatch, slice_rows):
    households_import(project=world.hy, data=first_sheet(), actor=world.assistant, commit=True)
    marks = (TimelineEvent.objects.latest("pk").pk, AuditEvent.objects.latest("seq").seq)

    results = []
    for size in (10_000, slice_rows):
        monkeypatch.setattr(actions, "SLICE_ROWS", size)
        with transaction.atomic():
            report = households_import(project=world.hy, data=second_sheet(), actor=world.assistant, commit=True)
            assert report.committed and not report.errors
            results.append((report.counts, written(world.hy.pk, marks)))
            assert chain_verify(AuditEvent).intact
            transaction.set_rollback(True)

    (whole_counts, whole), (sliced_counts, sliced) = results
    assert sliced_counts == whole_counts
    assert whole_counts["new_persons"] == 2 and whole_counts["new_organizations"] == 1
    assert whole_counts["ended_occupancies"] == 1  # the transfer of S1-3-301
    for table in whole:
        assert sliced[table] == whole[table], table
