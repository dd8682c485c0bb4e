"""Copy, print, export, photo: the manager approves, the system then makes the copy — the chosen documents'
scans (or the catalogue), watermarked on every page with requester, purpose and date — records it in the
usage ledger, charges an owner's copy per page if a fee is set, and records who signed for it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from tests.world import ID_ZHANG_WEI
from yidang.access.actions import access_request_approve, access_request_file, copy_receipt_record
from yidang.access.models import CopyFor, CopyKind, RequestKind
from yidang.access.tests.conftest import request_data
from yidang.archive.tests.scanfiles import image_bytes, upload
from yidang.audit.models import AuditEvent
from yidang.core.errors import DomainError
from yidang.printing.tests.readers import pdf_pages, pdf_text
from yidang.usage.models import UsageKind, UsageRecord


def copy_request(world, actor=None, **fields):
    values = {"kind": RequestKind.COPY, "copy_kind": CopyKind.PRINT, "purpose": "核对管线改造图纸"}
    return access_request_file(data=request_data(world, **(values | fields)), actor=actor or world.engineer)


def footers(pdf: bytes) -> list[str]:
    """The text of each page's bottom strip, where the watermark's line is printed upright (pdftotext, cropped)."""
    import io
    import subprocess

    from pypdf import PdfReader

    texts = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):
        width, height = int(page.mediabox.width), int(page.mediabox.height)
        crop = ["-f", str(number), "-l", str(number), "-x", "0", "-y", str(height - 11), "-W", str(width), "-H", "11"]
        result = subprocess.run(["pdftotext", *crop, "-", "-"], input=pdf, capture_output=True, check=True)
        texts.append("".join(result.stdout.decode().split()))
    return texts


def _read(name: str) -> bytes:
    with default_storage.open(name, "rb") as fh:
        return bytes(fh.read())


def test_the_manager_approves_and_the_chosen_scans_come_out_watermarked_on_every_page(world, hy1503, scanned):
    request = copy_request(world, items="1, 2")

    done = access_request_approve(request=request, actor=world.manager, note="同意打印")

    pdf = _read(done.copy_file.name or "")
    assert done.copy_pages == 3 == pdf_pages(pdf)  # a two-page PDF scan and a one-page PNG scan
    today = f"{timezone.localdate():%Y-%m-%d}"
    for line in footers(pdf):
        assert "申请人：engineer（工程部）" in line and "目的：核对管线改造图纸" in line and f"日期：{today}" in line
    uses = UsageRecord.objects.order_by("document__item_no")
    assert [(u.kind, u.document and u.document.item_no, u.request_id) for u in uses] == [
        (UsageKind.PRINT, 1, request.pk),
        (UsageKind.PRINT, 2, request.pk),
    ]
    assert done.fee == Decimal("0.00")
    row = AuditEvent.objects.get(action="access.approve")
    assert row.after is not None and row.after["pages"] == 3 and row.after["items"] == [1, 2]


def test_without_chosen_documents_the_copy_is_the_files_catalogue(world, hy1503, scanned):
    done = access_request_approve(request=copy_request(world, copy_kind=CopyKind.EXPORT), actor=world.manager)

    text = pdf_text(_read(done.copy_file.name or ""))
    assert "档案袋文件清单" in text and "HY-A2-15-1503" in text and "房屋交接确认表" in text
    use = UsageRecord.objects.get()
    assert (use.kind, use.archive, use.document) == (UsageKind.EXPORT, hy1503, None)


def test_item_numbers_that_the_file_does_not_hold_are_refused(world, hy1503, scanned):
    with pytest.raises(DomainError) as refused:
        copy_request(world, items="1, 9")

    assert refused.value.field == "items" and "9" in refused.value.message


def test_an_owners_copy_carries_the_fee_per_page(world, hy1503, scanned, settings):
    settings.YIDANG_COPY_FEE_PER_PAGE = Decimal("0.50")
    request = copy_request(
        world,
        actor=world.assistant,
        copy_kind=CopyKind.COPY,
        copy_for=CopyFor.OWNER,
        items="1",
        visitor_name="张伟",
        visitor_id_number=ID_ZHANG_WEI,
        proof=upload(image_bytes("PNG"), "房产证.png", "image/png"),
        purpose="业主办理贷款需要",
    )

    done = access_request_approve(request=request, actor=world.manager)

    assert (done.copy_pages, done.fee) == (2, Decimal("1.00"))
    assert all("申请人：张伟（110***********002X）" in line for line in footers(_read(done.copy_file.name or "")))
    assert UsageRecord.objects.get().visitor == "张伟（110***********002X）"


def test_other_departments_copy_only_for_their_own_work(world, hy1503):
    with pytest.raises(DomainError) as refused:
        copy_request(world, copy_for=CopyFor.OWNER, visitor_name="张伟", visitor_id_number=ID_ZHANG_WEI)

    assert refused.value.code == "forbidden"


def test_the_copy_is_fetched_by_its_requester_and_cs_staff_only_and_each_fetch_is_logged(
    client, world, hy1503, scanned
):
    done = access_request_approve(request=copy_request(world, items="2"), actor=world.manager)
    url = reverse("access:copy", args=[done.pk])

    for user, status in (("engineer", 200), ("assistant", 200), ("jm_assistant", 404), ("gm", 404)):
        client.force_login(world.users[user])
        response = client.get(url)
        assert response.status_code == status, user
        if status == 200:
            assert response.content.startswith(b"%PDF") and response["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(action="access.copy_download").count() == 2


def test_the_copy_is_signed_for_once_by_the_front_desk(world, hy1503, scanned):
    done = access_request_approve(request=copy_request(world, items="2"), actor=world.manager)

    with pytest.raises(DomainError):
        copy_receipt_record(request=done, actor=world.engineer, received_by="王工")
    signed = copy_receipt_record(request=done, actor=world.assistant, received_by=" 王工 ")
    with pytest.raises(DomainError) as again:
        copy_receipt_record(request=done, actor=world.assistant, received_by="王工")

    assert (signed.received_by_name, signed.receipt_recorded_by) == ("王工", world.assistant)
    assert signed.received_at is not None and "已于" in again.value.message
    assert AuditEvent.objects.filter(action="access.copy_received").count() == 1
