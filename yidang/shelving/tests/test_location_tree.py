"""Places form a tree — storage room > cabinet > shelf > box — with codes suggested and unique per project."""

from __future__ import annotations

import pytest

from yidang.archive.models import Category
from yidang.audit.models import AuditEvent
from yidang.core.errors import DomainError
from yidang.shelving.actions import LocationData, location_create, location_data_of, location_update
from yidang.shelving.models import Location


def test_codes_are_suggested_from_the_parent_down_to_the_box(storage):
    assert [storage.room.code, storage.cabinet.code, storage.shelf.code] == ["HY-R01", "HY-R01-C01", "HY-R01-C01-S01"]
    assert (storage.box1.code, storage.box2.code) == ("HY-R01-C01-S01-B001", "HY-R01-C01-S01-B002")
    assert storage.jm_box.code == "JM-R01-C01-S01-B001"


def test_the_next_suggestion_follows_the_highest_number_and_skips_codes_typed_by_hand(world, storage):
    location_create(
        project=world.hy,
        data=LocationData(kind="box", parent=storage.shelf, code="hy-r01-c01-s01-b005"),
        actor=world.archivist,
    )
    box = location_create(project=world.hy, data=LocationData(kind="box", parent=storage.shelf), actor=world.archivist)
    assert box.code == "HY-R01-C01-S01-B006"
    assert Location.objects.filter(code="HY-R01-C01-S01-B005").exists()  # typed lower case, stored upper case


def test_a_box_must_sit_on_a_shelf(world, storage):
    with pytest.raises(DomainError, match="档案盒须放在层架/抽屉之下"):
        location_create(project=world.hy, data=LocationData(kind="box", parent=storage.cabinet), actor=world.archivist)
    with pytest.raises(DomainError, match="档案室是最上级位置"):
        location_create(project=world.hy, data=LocationData(kind="room", parent=storage.room), actor=world.archivist)
    assert Location.objects.filter(project=world.hy).count() == 5


def test_a_code_is_unique_within_its_project_only(world, storage):
    with pytest.raises(DomainError, match="编码 HY-R01 已被本项目的其他位置使用"):
        location_create(project=world.hy, data=LocationData(kind="room", code="HY-R01"), actor=world.archivist)
    other = location_create(project=world.jm, data=LocationData(kind="room", code="HY-R01"), actor=world.jm_assistant)
    assert other.project == world.jm


def test_a_parent_of_another_project_is_refused(world, storage):
    with pytest.raises(DomainError, match="上级位置属于其他项目"):
        location_create(
            project=world.hy, data=LocationData(kind="box", parent=storage.jm_box.parent), actor=world.archivist
        )


def test_only_boxes_carry_category_year_and_numbers(world, storage):
    category = Category.objects.get(code="movein")
    with pytest.raises(DomainError, match="只有档案盒"):
        location_create(
            project=world.hy, data=LocationData(kind="shelf", parent=storage.cabinet, year=2026), actor=world.archivist
        )
    box = location_create(
        project=world.hy,
        data=LocationData(kind="box", parent=storage.shelf, category=category, year=2026, first_number="HY-A2-15-1501"),
        actor=world.archivist,
    )
    assert (box.category, box.year, box.first_number) == (category, 2026, "HY-A2-15-1501")


def test_a_code_with_spaces_or_chinese_is_refused(world):
    with pytest.raises(DomainError, match="编码只能由大写字母"):
        location_create(project=world.hy, data=LocationData(kind="room", code="一号 室"), actor=world.archivist)


def test_recoding_a_cabinet_carries_the_places_inside_it_along(world, storage):
    data = location_data_of(storage.cabinet)
    data.code, data.name = "HY-ARCH-C9", "9号柜"
    location_update(location=storage.cabinet, data=data, actor=world.archivist)
    storage.box2.refresh_from_db()
    assert storage.box2.path == "HY-R01/HY-ARCH-C9/HY-R01-C01-S01/HY-R01-C01-S01-B002"
    event = AuditEvent.objects.get(action="location.update")
    assert event.before == {"code": "HY-R01-C01", "name": ""} and event.after == {"code": "HY-ARCH-C9", "name": "9号柜"}


def test_a_box_moves_to_another_shelf_but_never_changes_kind(world, storage):
    shelf2 = location_create(
        project=world.hy, data=LocationData(kind="shelf", parent=storage.cabinet), actor=world.archivist
    )
    data = location_data_of(storage.box1)
    data.parent = shelf2
    location_update(location=storage.box1, data=data, actor=world.archivist)
    storage.box1.refresh_from_db()
    assert storage.box1.parent == shelf2 and storage.box1.path.startswith("HY-R01/HY-R01-C01/HY-R01-C01-S02/")
    data.kind = "shelf"
    with pytest.raises(DomainError, match="位置类型不能修改"):
        location_update(location=storage.box1, data=data, actor=world.archivist)
