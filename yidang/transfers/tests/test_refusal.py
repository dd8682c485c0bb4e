"""A receiver may refuse the whole bundle with a reason; custody stays where it was."""

from __future__ import annotations

import pytest

from yidang.core.errors import DomainError
from yidang.timeline.models import EventKind, TimelineEvent
from yidang.transfers.actions import (
    Acknowledgement,
    ItemRef,
    custody_of,
    transfer_sheet_acknowledge,
    transfer_sheet_refuse,
)
from yidang.transfers.models import TransferStatus
from yidang.transfers.tests.sheets import send


def test_a_refusal_needs_a_reason_and_changes_no_custody(world, files):
    sheet = send(world, ItemRef(files.a1503))
    with pytest.raises(DomainError, match="请填写拒收理由"):
        transfer_sheet_refuse(sheet=sheet, reason="  ", actor=world.archivist)
    sheet = transfer_sheet_refuse(sheet=sheet, reason="袋内文件未编号，请整理后再移交", actor=world.archivist)

    assert sheet.status == TransferStatus.REFUSED and sheet.receiver_note.startswith("袋内文件未编号")
    assert custody_of(files.a1503) is None
    event = TimelineEvent.objects.get(room_id=files.a1503.room_id, kind=EventKind.TRANSFER_REFUSED)
    assert "拒收" in event.summary and sheet.number in event.summary


def test_a_refused_sheet_cannot_then_be_acknowledged(world, files):
    sheet = send(world, ItemRef(files.a1503))
    transfer_sheet_refuse(sheet=sheet, reason="不是本人经手", actor=world.archivist)
    items = frozenset(sheet.items.values_list("pk", flat=True))
    with pytest.raises(DomainError, match="已拒收"):
        transfer_sheet_acknowledge(sheet=sheet, check=Acknowledgement(received=items), actor=world.archivist)
    assert custody_of(files.a1503) is None


def test_only_the_receiver_may_refuse(world, files):
    sheet = send(world, ItemRef(files.a1503))
    with pytest.raises(DomainError, match="只有接收人本人可以拒收"):
        transfer_sheet_refuse(sheet=sheet, reason="不收", actor=world.supervisor)
    sheet.refresh_from_db()
    assert sheet.status == TransferStatus.SENT
