"""What a sheet may list and between whom: one project, no duplicates, no folder on two open sheets."""

from __future__ import annotations

import pytest

from yidang.archive.models import ArchiveStatus
from yidang.core.errors import DomainError
from yidang.timeline.models import EventKind, TimelineEvent
from yidang.transfers.actions import (
    Acknowledgement,
    ItemRef,
    SheetData,
    custody_of,
    transfer_sheet_acknowledge,
    transfer_sheet_cancel,
    transfer_sheet_send,
)
from yidang.transfers.models import TransferSheet, TransferStatus
from yidang.transfers.queries import items_parse
from yidang.transfers.tests.sheets import send


def test_a_sheet_lists_folders_and_documents_and_shows_on_each_households_timeline(world, files):
    sheet = send(world, ItemRef(files.a1503, (1, 3)), ItemRef(files.a0801))
    assert sheet.items.count() == 3 and sheet.number.startswith("HY-YJ")
    for archive in (files.a1503, files.a0801):
        event = TimelineEvent.objects.get(room_id=archive.room_id, kind=EventKind.TRANSFER_SENT)
        assert sheet.number in event.summary and "待签收" in event.summary


def test_another_projects_folder_cannot_be_listed(world, files):
    with pytest.raises(DomainError, match="不属于本项目"):
        send(world, ItemRef(files.jm))
    assert not TransferSheet.objects.exists()


def test_a_user_of_another_project_cannot_send_a_sheet_of_this_one(world, files):
    data = SheetData(project=world.hy, items=(ItemRef(files.a1503),), receiver=world.archivist)
    with pytest.raises(DomainError, match="只有本项目"):
        transfer_sheet_send(data=data, actor=world.jm_assistant)
    with pytest.raises(DomainError, match="只有本项目"):  # engineering staff do not keep files
        transfer_sheet_send(data=data, actor=world.engineer)


def test_the_receiver_must_work_in_the_project(world, files):
    with pytest.raises(DomainError, match="接收人须是本项目的在职人员"):
        send(world, ItemRef(files.a1503), receiver=world.jm_assistant)
    with pytest.raises(DomainError, match="二选一"):
        send(world, ItemRef(files.a1503), receiver=world.archivist, receiver_name="物业公司")


def test_a_folder_on_an_open_sheet_cannot_go_on_another(world, files):
    first = send(world, ItemRef(files.a1503))
    with pytest.raises(DomainError, match=f"已在待签收的移交单 {first.number} 上"):
        send(world, ItemRef(files.a1503, (2,)), receiver=world.supervisor)
    transfer_sheet_cancel(sheet=first, actor=world.assistant)
    assert send(world, ItemRef(files.a1503, (2,)), receiver=world.supervisor).status == TransferStatus.SENT


def test_unknown_item_numbers_and_duplicates_are_refused(world, files):
    with pytest.raises(DomainError, match="没有第 9 件"):
        send(world, ItemRef(files.a1503, (1, 9)))
    with pytest.raises(DomainError, match="重复列出"):
        send(world, ItemRef(files.a1503), ItemRef(files.a1503))
    with pytest.raises(DomainError, match="不必再单列"):
        send(world, ItemRef(files.a1503), ItemRef(files.a1503, (1,)))
    assert not TransferSheet.objects.exists()


def test_typed_lines_name_folders_and_documents_of_ones_own_projects(world, files):
    refs = items_parse(f"{files.a1503.number}#1, 3\n\n{files.a0801.number}\n", [world.hy.pk])
    assert [(r.archive, r.item_nos) for r in refs] == [(files.a1503, (1, 3)), (files.a0801, ())]
    assert items_parse(f"{files.a1503.number}＃1-3", [world.hy.pk])[0].item_nos == (1, 2, 3)
    with pytest.raises(DomainError, match=f"没有找到档案：{files.jm.number}"):
        items_parse(files.jm.number, [world.hy.pk])
    with pytest.raises(DomainError, match="件号有误"):
        items_parse(f"{files.a1503.number}#3-1", [world.hy.pk])


def test_a_folder_handed_to_an_outside_party_is_transferred_and_back_again_active(world, files):
    out = send(world, ItemRef(files.a1503), actor=world.archivist, receiver_name="华苑物业服务中心")
    items = frozenset(out.items.values_list("pk", flat=True))
    with pytest.raises(DomainError, match="签收人姓名"):
        transfer_sheet_acknowledge(sheet=out, check=Acknowledgement(received=items), actor=world.archivist)
    transfer_sheet_acknowledge(sheet=out, check=Acknowledgement(received=items, signer="李四"), actor=world.archivist)
    files.a1503.refresh_from_db()
    assert files.a1503.status == ArchiveStatus.TRANSFERRED
    assert custody_of(files.a1503).holder_name == "华苑物业服务中心"  # type: ignore[union-attr]

    with pytest.raises(DomainError, match="不能由您移交"):
        send(world, ItemRef(files.a1503), actor=world.archivist, receiver=world.supervisor)
    back = send(
        world, ItemRef(files.a1503), actor=world.archivist, sender_name="华苑物业服务中心", receiver=world.archivist
    )
    assert back.sender is None and back.sent_by == world.archivist
    items = frozenset(back.items.values_list("pk", flat=True))
    transfer_sheet_acknowledge(sheet=back, check=Acknowledgement(received=items), actor=world.archivist)
    files.a1503.refresh_from_db()
    assert files.a1503.status == ArchiveStatus.ACTIVE and custody_of(files.a1503).holder == world.archivist  # type: ignore[union-attr]
