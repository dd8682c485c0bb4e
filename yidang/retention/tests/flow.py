"""Builders for the retention tests: a file with expired papers, and the steps up to destruction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from yidang.archive.actions import DocumentData, document_add, scan_add
from yidang.archive.models import Archive, Document, DocumentType, Scan
from yidang.archive.tests.scanfiles import image_bytes, pdf_bytes, upload
from yidang.retention import actions
from yidang.retention.models import Appraisal, AppraisalStatus, Decision, DestructionList

TODAY = date(2026, 12, 4)


@dataclass
class Papers:
    archive: Archive
    notice: Document  # 通知及告知书, 定期10年, dated 2012: expired on 2023-01-01; two scan versions
    worker_register: Document  # 定期10年, dated 2014: expired on 2025-01-01
    movein: Document  # 入伙通知书, 定期30年, dated 2012: not due until 2043
    scans: list[Scan]


def _doc(world, archive: Archive, code: str, on: date, title: str = "") -> Document:
    doc_type = DocumentType.objects.get(code=code)
    return document_add(
        archive=archive, data=DocumentData(doc_type=doc_type, doc_date=on, title=title, pages=3), actor=world.archivist
    )


def expired_papers(world) -> Papers:
    archive = Archive.objects.get(room=world.rooms["hy1503"])
    notice = _doc(world, archive, "notice", date(2012, 5, 1), "停水通知")
    worker = _doc(world, archive, "worker_register", date(2014, 3, 9))
    movein = _doc(world, archive, "movein_notice", date(2012, 5, 1))
    scans = [
        scan_add(document=notice, upload=upload(pdf_bytes(1)), actor=world.archivist),
        scan_add(document=notice, upload=upload(image_bytes("PNG", (80, 120)), "v2.png"), actor=world.archivist),
        scan_add(document=movein, upload=upload(pdf_bytes(2)), actor=world.archivist),
    ]
    return Papers(archive, notice, worker, movein, scans)


def swept(today: date = TODAY) -> Appraisal:
    actions.retention_sweep(today=today)
    return Appraisal.objects.get(status=AppraisalStatus.OPEN)


def decide_all(world, appraisal: Appraisal, decision: str = Decision.DESTROY) -> None:
    for item in appraisal.items.all():
        actions.appraisal_item_decide(
            item=item, decision=decision, actor=world.supervisor, keep_years=5, reason="仍有查考价值"
        )


def submitted(world) -> DestructionList:
    appraisal = swept()
    decide_all(world, appraisal)
    dlist = actions.appraisal_close(appraisal=appraisal, actor=world.archivist)
    assert dlist is not None
    return dlist


def approved(world) -> DestructionList:
    return actions.destruction_list_approve(dlist=submitted(world), actor=world.gm, note="同意销毁")


def destroyed(world, dlist: DestructionList | None = None) -> DestructionList:
    return actions.destruction_execute(
        dlist=dlist or approved(world),
        method="shred",
        witness=world.supervisor,
        destroyed_at=timezone.now(),
        actor=world.archivist,
    )
