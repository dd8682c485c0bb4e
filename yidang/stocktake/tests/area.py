"""A seeded storage area for the stocktake tests: HY's room R01 with two boxes of five folders each,
and a second room R02 holding one more folder, all built through the places, archive and shelving actions."""

from __future__ import annotations

from dataclasses import dataclass

from yidang.archive.actions import archive_open
from yidang.archive.models import Archive
from yidang.loans import actions as loans
from yidang.loans.models import Loan
from yidang.places.actions import room_create
from yidang.shelving.actions import LocationData, folder_move, location_create
from yidang.shelving.models import Location


@dataclass
class Area:
    room: Location
    cabinet: Location
    shelf: Location
    box1: Location
    box2: Location
    other_room_box: Location
    folders: list[Archive]  # f0–f4 in box 1, f5–f9 in box 2
    elsewhere: Archive  # shelved in room R02, outside the area


def _place(world, kind: str, parent: Location | None = None, name: str = "") -> Location:
    return location_create(
        project=world.hy, data=LocationData(kind=kind, parent=parent, name=name), actor=world.archivist
    )


def _folder(world, number: str, place: Location) -> Archive:
    room = room_create(
        project=world.hy, building_code="C1", floor=int(number[:-2]), number=number, actor=world.archivist
    )
    archive = archive_open(room=room, actor=world.archivist)
    folder_move(archive=archive, to_location=place, actor=world.archivist)
    return Archive.objects.select_related("location").get(pk=archive.pk)


def build_area(world) -> Area:
    room = _place(world, "room", name="1号档案室")
    cabinet = _place(world, "cabinet", room)
    shelf = _place(world, "shelf", cabinet)
    box1, box2 = _place(world, "box", shelf), _place(world, "box", shelf)
    other_room = _place(world, "room", name="2号档案室")
    other_box = _place(world, "box", _place(world, "shelf", _place(world, "cabinet", other_room)))
    folders = [_folder(world, f"{i + 1}01", box1 if i < 5 else box2) for i in range(10)]
    return Area(room, cabinet, shelf, box1, box2, other_box, folders, _folder(world, "1201", other_box))


def lend(world, archive: Archive) -> Loan:
    """The folder handed out on an approved loan (engineering borrows it to check drawings)."""
    loan = loans.loan_request(archive=archive, purpose="核对装修图纸", actor=world.engineer)
    loan = loans.loan_approve(loan=loan, actor=world.supervisor)
    return loans.loan_checkout(loan=loan, actor=world.archivist)
