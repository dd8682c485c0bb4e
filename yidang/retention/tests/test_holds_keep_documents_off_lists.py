"""A held document never reaches an appraisal or destruction list; a hold placed after listing blocks destruction."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from yidang.archive.models import Document
from yidang.core.errors import DomainError
from yidang.retention import actions
from yidang.retention.models import AppraisalItem, Decision, DocumentGhost
from yidang.retention.tests.flow import TODAY, approved, decide_all, destroyed, swept


def test_a_held_document_never_reaches_an_appraisal_or_a_destruction_list(papers, world):
    actions.hold_place(
        archive=papers.archive, document=papers.notice, reason="业主诉讼（2026民初123号）", actor=world.archivist
    )

    appraisal = swept()
    decide_all(world, appraisal)
    dlist = actions.appraisal_close(appraisal=appraisal, actor=world.archivist)

    assert not AppraisalItem.objects.filter(document=papers.notice).exists()
    assert dlist is not None
    assert [i.document_id for i in dlist.appraisal.items.filter(on_list=True)] == [papers.worker_register.pk]


def test_a_hold_on_the_whole_file_keeps_every_paper_off(papers, world):
    actions.hold_place(archive=papers.archive, reason="产权纠纷", actor=world.manager)

    assert actions.retention_sweep(today=TODAY) == 0


def test_a_hold_placed_after_listing_blocks_destruction(papers, world):
    dlist = approved(world)
    actions.hold_place(archive=papers.archive, document=papers.notice, reason="法院调档", actor=world.gm)

    dlist = destroyed(world, dlist)

    notice = Document.objects.get(pk=papers.notice.pk)
    assert notice.destroyed_at is None and notice.scans.count() == 2
    assert all(default_storage.exists(s.storage_name) for s in papers.scans[:2])
    assert not DocumentGhost.objects.filter(document=notice).exists()
    assert AppraisalItem.objects.get(document=notice).decision == Decision.WITHHELD
    assert (dlist.destroyed_count, dlist.withheld_count) == (1, 1)


def test_a_held_document_cannot_be_marked_for_destruction(papers, world):
    appraisal = swept()
    actions.hold_place(archive=papers.archive, document=papers.notice, reason="投诉处理中", actor=world.archivist)
    item = appraisal.items.get(document=papers.notice)

    with pytest.raises(DomainError, match="已冻结"):
        actions.appraisal_item_decide(item=item, decision="destroy", actor=world.supervisor)


def test_a_released_hold_lets_the_paper_be_listed_again(papers, world):
    hold = actions.hold_place(archive=papers.archive, document=papers.notice, reason="纠纷", actor=world.archivist)
    assert actions.retention_sweep(today=TODAY) == 1

    actions.hold_release(hold=hold, reason="纠纷已调解结案", actor=world.archivist)

    assert actions.retention_sweep(today=TODAY) == 1
    assert AppraisalItem.objects.filter(document=papers.notice).exists()


def test_a_hold_needs_a_reason_and_the_right_role(papers, world):
    with pytest.raises(DomainError, match="冻结理由"):
        actions.hold_place(archive=papers.archive, reason="  ", actor=world.archivist)
    with pytest.raises(DomainError, match="权限"):
        actions.hold_place(archive=papers.archive, reason="纠纷", actor=world.assistant)
    assert not papers.archive.holds.exists()
