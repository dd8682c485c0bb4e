"""Custody passes to the receiver when they acknowledge, never before, and only for what they found."""

from __future__ import annotations

import pytest

from yidang.audit.models import AuditEvent
from yidang.core.errors import DomainError
from yidang.transfers.actions import Acknowledgement, ItemRef, custody_of, transfer_sheet_acknowledge
from yidang.transfers.models import TransferStatus
from yidang.transfers.tests.sheets import send


def test_custody_is_unchanged_until_the_receiver_acknowledges(world, files):
    sheet = send(world, ItemRef(files.a1503))
    assert sheet.status == TransferStatus.SENT and custody_of(files.a1503) is None
    assert AuditEvent.objects.filter(action="transfer.send", object_id=str(sheet.pk)).exists()

    items = frozenset(sheet.items.values_list("pk", flat=True))
    transfer_sheet_acknowledge(sheet=sheet, check=Acknowledgement(received=items), actor=world.archivist)

    custody = custody_of(files.a1503)
    assert custody is not None and custody.holder == world.archivist and custody.sheet == sheet
    sheet.refresh_from_db()
    assert sheet.status == TransferStatus.RECEIVED and sheet.received_by == world.archivist
    assert AuditEvent.objects.filter(action="transfer.acknowledge", object_id=str(sheet.pk)).exists()


def test_only_the_named_receiver_may_acknowledge(world, files):
    sheet = send(world, ItemRef(files.a1503))
    items = frozenset(sheet.items.values_list("pk", flat=True))
    for stranger in (world.supervisor, world.assistant, world.jm_assistant):
        with pytest.raises(DomainError, match="只有接收人本人可以签收"):
            transfer_sheet_acknowledge(sheet=sheet, check=Acknowledgement(received=items), actor=stranger)
    sheet.refresh_from_db()
    assert sheet.status == TransferStatus.SENT and custody_of(files.a1503) is None


def test_a_missing_item_is_noted_and_its_custody_stays_with_the_sender(world, files):
    first, second, _third = files.docs
    sheet = send(world, ItemRef(files.a1503, (1, 2)))
    got, lost = sheet.items.order_by("document__item_no")
    with pytest.raises(DomainError, match="请写明差异情况"):
        transfer_sheet_acknowledge(
            sheet=sheet, check=Acknowledgement(received=frozenset({got.pk})), actor=world.archivist
        )
    check = Acknowledgement(received=frozenset({got.pk}), note="第2件不在袋中")
    sheet = transfer_sheet_acknowledge(sheet=sheet, check=check, actor=world.archivist)

    assert sheet.status == TransferStatus.DISCREPANCY and sheet.receiver_note == "第2件不在袋中"
    lost.refresh_from_db()
    assert lost.received is False and lost.missing_note == "第2件不在袋中"
    held = custody_of(files.a1503, first)
    assert held is not None and held.holder == world.archivist
    assert custody_of(files.a1503, second) is None  # never handed over: still where it was


def test_nothing_received_is_a_refusal_not_an_acknowledgement(world, files):
    sheet = send(world, ItemRef(files.a1503))
    with pytest.raises(DomainError, match="拒收"):
        transfer_sheet_acknowledge(sheet=sheet, check=Acknowledgement(received=frozenset()), actor=world.archivist)


def test_the_holder_then_hands_it_on_and_others_cannot(world, files):
    sheet = send(world, ItemRef(files.a1503))
    items = frozenset(sheet.items.values_list("pk", flat=True))
    transfer_sheet_acknowledge(sheet=sheet, check=Acknowledgement(received=items), actor=world.archivist)

    with pytest.raises(DomainError, match="现由 archivist 保管"):
        send(world, ItemRef(files.a1503), actor=world.assistant, receiver=world.supervisor)
    onward = send(world, ItemRef(files.a1503), actor=world.archivist, receiver_name="华苑物业服务中心")
    assert onward.receiver_label == "华苑物业服务中心"


def test_a_document_handed_back_to_its_folders_holder_rejoins_the_folder(world, files):
    whole = send(world, ItemRef(files.a1503))
    transfer_sheet_acknowledge(
        sheet=whole,
        check=Acknowledgement(received=frozenset(whole.items.values_list("pk", flat=True))),
        actor=world.archivist,
    )
    one = send(world, ItemRef(files.a1503, (3,)), actor=world.archivist, receiver=world.supervisor)
    transfer_sheet_acknowledge(
        sheet=one,
        check=Acknowledgement(received=frozenset(one.items.values_list("pk", flat=True))),
        actor=world.supervisor,
    )
    third = files.docs[2]
    assert custody_of(files.a1503, third).holder == world.supervisor  # type: ignore[union-attr]
    assert custody_of(files.a1503).holder == world.archivist  # type: ignore[union-attr]

    back = send(world, ItemRef(files.a1503, (3,)), actor=world.supervisor, receiver=world.archivist)
    transfer_sheet_acknowledge(
        sheet=back,
        check=Acknowledgement(received=frozenset(back.items.values_list("pk", flat=True))),
        actor=world.archivist,
    )
    custody = custody_of(files.a1503, third)
    assert custody is not None and custody.document is None and custody.holder == world.archivist
