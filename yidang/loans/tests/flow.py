"""Builders for the loan tests: a shelved folder with papers, and loans brought to a given step."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from yidang.archive.actions import DocumentData, document_add
from yidang.archive.models import Archive, Document, DocumentType
from yidang.loans import actions
from yidang.loans.models import Loan
from yidang.shelving.actions import folder_move
from yidang.shelving.tests.storage import build_storage

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(*args: int) -> datetime:
    """An aware local (Asia/Shanghai) time: ``local(2025, 9, 30, 10)``."""
    return datetime(*args, tzinfo=SHANGHAI)  # type: ignore[misc,arg-type]


@dataclass
class Folder:
    archive: Archive
    documents: list[Document]


def ordinary_type(code: str) -> DocumentType:
    """A document type marked 一般 (not confidential), so its folder is lent for working days."""
    doc_type = DocumentType.objects.get(code=code)
    doc_type.confidentiality = 3
    doc_type.save(update_fields=["confidentiality"])
    return doc_type


def shelved_folder(world, *, confidential: bool = False) -> Folder:
    """hy1503's folder on a shelf (box 1) with two papers; 一级保密 papers when ``confidential``."""
    storage = build_storage(world)
    archive = Archive.objects.get(room=world.rooms["hy1503"])
    folder_move(archive=archive, to_location=storage.box1, actor=world.archivist)
    codes = ["handover_record", "key_receipt"]
    types = [DocumentType.objects.get(code=c) if confidential else ordinary_type(c) for c in codes]
    docs = [document_add(archive=archive, data=DocumentData(doc_type=t, pages=2), actor=world.archivist) for t in types]
    return Folder(Archive.objects.get(pk=archive.pk), docs)


def requested(world, folder: Folder, borrower=None, *, out_of_room: bool = False) -> Loan:
    return actions.loan_request(
        archive=folder.archive, purpose="核对装修图纸", out_of_room=out_of_room, actor=borrower or world.engineer
    )


def approved(world, folder: Folder, borrower=None, *, out_of_room: bool = False) -> Loan:
    loan = requested(world, folder, borrower, out_of_room=out_of_room)
    return actions.loan_approve(loan=loan, actor=world.manager if out_of_room else world.supervisor)


def out(world, folder: Folder, borrower=None) -> Loan:
    return actions.loan_checkout(loan=approved(world, folder, borrower), actor=world.archivist)
