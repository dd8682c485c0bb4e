"""An import keeps what derives from occupants right: each occupied room's file and its timeline."""

from __future__ import annotations

from yidang.archive.models import Archive
from yidang.imports.actions import households_import
from yidang.imports.tests.sheets import ID_LI, ID_WANG, row, workbook
from yidang.timeline.models import EventKind, TimelineEvent


def commit(world, rows):
    return households_import(project=world.hy, data=workbook(rows), actor=world.assistant, commit=True)


def test_every_occupied_imported_room_gets_its_file_and_vacant_ones_do_not(world):
    commit(
        world,
        [
            row(building="C3", floor=12, number="1201", name="李明", id_number=ID_LI),
            row(building="C3", floor=12, number="1202"),
        ],
    )

    assert Archive.objects.filter(room__code="C3-12-1201").count() == 1
    assert not Archive.objects.filter(room__code="C3-12-1202").exists()


def test_a_transfer_by_import_marks_the_file_as_having_a_transfer(world):
    commit(world, [row(building="C3", floor=12, number="1201", name="李明", id_number=ID_LI)])
    commit(world, [row(building="C3", floor=12, number="1201", name="王芳", id_number=ID_WANG)])

    archive = Archive.objects.get(room__code="C3-12-1201")
    assert archive.has_transfer is True


def test_each_changed_household_gets_one_import_event_on_its_timeline(world):
    commit(world, [row(building="C3", floor=12, number="1201", name="李明", id_number=ID_LI)])
    commit(world, [row(building="C3", floor=12, number="1201", name="王芳", id_number=ID_WANG)])
    commit(world, [row(building="C3", floor=12, number="1201", name="王芳", id_number=ID_WANG)])  # no change

    events = TimelineEvent.objects.filter(room__code="C3-12-1201", kind=EventKind.IMPORT).order_by("id")
    assert [e.summary for e in events] == [
        "导入业户基本情况汇总表：新建房屋；登记业主 李明",
        "导入业户基本情况汇总表：登记业主 王芳（原 李明）",
    ]
    assert events[0].actor == world.assistant and events[0].data == {"row": 2, "file": ""}
