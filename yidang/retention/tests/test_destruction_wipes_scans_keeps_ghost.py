"""After approved destruction a scan's bytes are gone from storage; its ghost and the destruction record remain."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from yidang.archive.models import Archive, Document, Scan
from yidang.audit.models import AuditEvent
from yidang.core.errors import DomainError
from yidang.retention import actions
from yidang.retention.models import DestructionList, DocumentGhost, ListStatus
from yidang.retention.tests.flow import destroyed, submitted
from yidang.timeline.models import TimelineEvent


def test_after_approved_destruction_the_scan_bytes_are_gone_and_the_ghost_remains(
    papers, world, django_capture_on_commit_callbacks
):
    names = [s.storage_name for s in papers.scans[:2]]
    kept = papers.scans[2].storage_name
    assert all(default_storage.exists(n) for n in names)

    with django_capture_on_commit_callbacks(execute=True):
        dlist = destroyed(world)

    assert not any(default_storage.exists(n) for n in names)
    assert default_storage.exists(kept)  # the 30-year paper's scan is untouched
    assert not Scan.objects.filter(document=papers.notice).exists()
    notice = Document.objects.get(pk=papers.notice.pk)
    assert notice.destroyed_at is not None and not notice.paper_present and notice.scan_count == 0
    ghost = DocumentGhost.objects.get(document=notice)
    assert (ghost.archive_number, ghost.item_no, ghost.title, ghost.doc_type) == (
        papers.archive.number,
        1,
        "停水通知",
        "通知及告知书",
    )
    assert (ghost.doc_date, ghost.pages, ghost.expired_on) == (date(2012, 5, 1), 3, date(2023, 1, 1))
    assert [s["version"] for s in ghost.scans] == [1, 2]
    assert ghost.approved_by == world.gm and ghost.destruction_list == dlist and ghost.method == "shred"
    record = DestructionList.objects.get(pk=dlist.pk)
    assert record.status == ListStatus.DESTROYED and record.witness == world.supervisor
    assert record.destroyed_count == 2 and record.destroyed_pages == 6
    assert record.record_keep_until == date(2057, 1, 1)  # 30 years (YIDANG_DESTRUCTION_RECORD_YEARS)
    assert AuditEvent.objects.filter(action="document.destroy").count() == 2
    assert AuditEvent.objects.filter(action="retention.destroy", object_id=str(dlist.pk)).exists()
    assert TimelineEvent.objects.filter(kind="document.destroyed", room=papers.archive.room_id).count() == 2


def test_bytes_shared_with_a_live_scan_stay(papers, world, django_capture_on_commit_callbacks):
    from yidang.archive.actions import scan_add
    from yidang.archive.tests.scanfiles import pdf_bytes, upload

    shared = scan_add(
        document=papers.movein, upload=upload(pdf_bytes(1)), actor=world.archivist
    )  # same bytes as notice v1
    assert shared.storage_name == papers.scans[0].storage_name

    with django_capture_on_commit_callbacks(execute=True):
        destroyed(world)

    assert default_storage.exists(shared.storage_name)
    assert not default_storage.exists(papers.scans[1].storage_name)


def test_the_purge_removes_bytes_left_behind_by_a_crash(papers, world):
    destroyed(world)  # on-commit callbacks never ran: as if the worker died after commit
    assert default_storage.exists(papers.scans[1].storage_name)

    assert actions.destroyed_bytes_purge() >= 2
    assert not default_storage.exists(papers.scans[1].storage_name)
    assert actions.destroyed_bytes_purge() == 0


def test_the_catalogue_shows_the_destroyed_paper(papers, world, client):
    destroyed(world)
    client.force_login(world.archivist)

    page = client.get(f"/archive/{papers.archive.pk}/").content.decode()

    assert "停水通知" in page and "已销毁" in page


def test_only_an_approved_list_can_be_carried_out_and_only_before_a_supervisor(papers, world):
    dlist = submitted(world)
    with pytest.raises(DomainError, match="须经总经理批准"):
        destroyed(world, dlist)
    dlist = actions.destruction_list_approve(dlist=dlist, actor=world.gm)
    when = timezone.now()
    for witness, message in [(world.archivist, "本人"), (world.assistant, "客服主管"), (None, "监销人")]:
        with pytest.raises(DomainError, match=message):
            actions.destruction_execute(
                dlist=dlist, method="shred", witness=witness, destroyed_at=when, actor=world.archivist
            )
    with pytest.raises(DomainError, match="销毁方式"):
        actions.destruction_execute(
            dlist=dlist, method="bury", witness=world.supervisor, destroyed_at=when, actor=world.archivist
        )
    with pytest.raises(DomainError, match="档案管理员"):
        actions.destruction_execute(
            dlist=dlist, method="burn", witness=world.supervisor, destroyed_at=when, actor=world.manager
        )
    assert not DocumentGhost.objects.exists()
    assert Archive.objects.get(pk=papers.archive.pk).documents.filter(destroyed_at__isnull=False).count() == 0
