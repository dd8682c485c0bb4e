"""A real-life sheet: full-width text, stray spaces, a title row, odd dates, phones as numbers."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from yidang.households.models import EmergencyContact, Occupancy, OccupantRole, Vehicle
from yidang.households.search import search_households
from yidang.imports.actions import households_import
from yidang.imports.tests.sheets import HEADERS, ID_CHEN, ID_LI, ID_WANG, TRADITIONAL, row, workbook
from yidang.people.models import Person
from yidang.places.models import Occupancy as RoomOccupancy
from yidang.places.models import Room, RoomUse


def messy_sheet(headers=HEADERS):
    kwargs = {"headers": headers}
    rows = [
        row(
            building="Ｃ３",  # full-width letter and digit
            unit=" 1 ",
            floor="１２",
            number=" １２０１ ",
            area="89.5㎡",
            use="住宅",
            role="业主",
            name="李 明",  # a stray space inside a Chinese name
            sex="男",
            id_number=" " + ID_LI.replace("7571", "７５７１") + " ",
            phone=13812345678.0,  # Excel kept the phone as a float
            move_in_date="2021年5月1日",
            emergency_name="李 雷",
            emergency_phone="139 0000 1111",
            plates="京Ａ１２３４５、京B67890",
            note="  钥匙托管  ",
            **kwargs,
        ),
        None,  # an empty row in the middle
        row(
            building="C3",
            floor=12.0,
            number=1202,
            area=120,
            role="租户",
            name="王芳",
            id_number=ID_WANG,
            phone="+86 139-1234-5678",
            move_in_date=44317,  # an Excel serial number: 2021-05-01
            **kwargs,
        ),
        row(
            building="C3",
            floor="12层",
            number="1203",
            use="商铺",
            role="商户",
            name="陈军",
            id_type="居民身份证",
            id_number=ID_CHEN,
            move_in_date="20210501",
            **kwargs,
        ),
        row(building="C3", floor="B1", number="1", use="车位", move_in_date=datetime(2021, 5, 1, 0, 0), **kwargs),
        row(building="C3", floor=12, number="1204", move_in_date="2021/5/1", **kwargs),
    ]
    return workbook(rows, headers=headers, title_rows=["华苑小区业户基本情况汇总表", "制表日期：2024年3月"])


def test_a_messy_sheet_is_accepted_and_written(world):
    report = households_import(project=world.hy, data=messy_sheet(), actor=world.assistant, commit=True)

    assert report.errors == []
    assert report.committed
    assert report.header_row == 3
    assert report.rows == 5 and report.skipped_rows == 1
    assert report.new_buildings == ["C3"]
    assert sorted(report.new_rooms) == ["C3--1-1", "C3-12-1201", "C3-12-1202", "C3-12-1203", "C3-12-1204"]
    room = Room.objects.get(project=world.hy, code="C3-12-1201")
    assert (str(room.unit), room.floor, room.number, room.area) == ("1单元", 12, "1201", Decimal("89.50"))
    assert room.move_in_date == date(2021, 5, 1)
    assert room.note == "钥匙托管"
    assert room.occupancy == RoomOccupancy.OWNER
    owner = Occupancy.objects.get(room=room, end_date__isnull=True)
    assert owner.role == OccupantRole.OWNER and owner.start_date == date(2021, 5, 1)
    person = owner.person
    assert person is not None
    assert (person.name, person.sex, person.phone) == ("李明", "M", "13812345678")
    assert person.id_masked == "110***********7571"
    assert person.birthday == date(1990, 3, 7)
    assert EmergencyContact.objects.get(room=room).phone == "13900001111"
    assert sorted(Vehicle.objects.filter(room=room).values_list("plate", flat=True)) == ["京A12345", "京B67890"]


def test_every_date_form_gives_the_same_day(world):
    households_import(project=world.hy, data=messy_sheet(), actor=world.assistant, commit=True)

    dates = set(Room.objects.filter(project=world.hy, building__code="C3").values_list("move_in_date", flat=True))
    assert dates == {date(2021, 5, 1)}


def test_roles_uses_and_phones_are_read(world):
    households_import(project=world.hy, data=messy_sheet(), actor=world.assistant, commit=True)

    rented = Room.objects.get(project=world.hy, code="C3-12-1202")
    assert rented.occupancy == RoomOccupancy.RENTED
    assert Person.objects.get(occupancies__room=rented).phone == "13912345678"
    shop = Room.objects.get(project=world.hy, code="C3-12-1203")
    assert (shop.use, shop.occupancy) == (RoomUse.SHOP, RoomOccupancy.COMMERCIAL)
    parking = Room.objects.get(project=world.hy, code="C3--1-1")
    assert (parking.floor, parking.use, parking.occupancy) == (-1, RoomUse.PARKING, RoomOccupancy.VACANT)


def test_traditional_character_headers_are_accepted(world):
    report = households_import(
        project=world.hy, data=messy_sheet(headers=TRADITIONAL), actor=world.assistant, commit=True
    )

    assert report.errors == []
    assert report.counts["new_rooms"] == 5


def test_imported_households_are_found_by_search(world):
    households_import(project=world.hy, data=messy_sheet(), actor=world.assistant, commit=True)

    def codes(query):
        return [r.code for r in search_households(query, [world.hy.pk]).rooms]

    assert codes("李明") == ["C3-12-1201"]
    assert codes("lm") == ["C3-12-1201"]
    assert set(codes("12345678")) == {"A2-15-1503", "C3-12-1201", "C3-12-1202"}
    assert codes("京B67890") == ["C3-12-1201"]
    assert codes("1203") == ["C3-12-1203"]
