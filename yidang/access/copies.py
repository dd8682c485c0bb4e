"""Making the copy an approved copy request asks for: the chosen documents' scans (or the catalogue), watermarked.

Nothing here writes to the database; ``actions.access_request_approve`` stores and records the result.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.access.models import AccessRequest
from yidang.access.watermark import watermark_pdf
from yidang.archive.models import Archive, Document, Scan

A4_WIDTH = 595  # points


@dataclass
class MadeCopy:
    pdf: bytes
    pages: int
    documents: list[Document] = field(default_factory=list)  # copied from their scans
    without_scan: list[Document] = field(default_factory=list)  # named, but never scanned
    catalogues: list[Archive] = field(default_factory=list)  # copied as the file's catalogue


def copy_make(request: AccessRequest, actor: Any) -> MadeCopy:
    """The watermarked PDF: each named document's newest scan, or each file's catalogue when none can be copied."""
    from pypdf import PdfReader, PdfWriter

    made = MadeCopy(pdf=b"", pages=0)
    writer = PdfWriter()
    for doc in request.documents.select_related("archive").order_by("archive__number", "item_no"):
        scan = Scan.objects.filter(document=doc).order_by("-version").first()
        if scan is None or not default_storage.exists(scan.storage_name):
            made.without_scan.append(doc)
            continue
        writer.append(PdfReader(io.BytesIO(_scan_as_pdf(scan))))
        made.documents.append(doc)
    if not made.documents:
        from yidang.shelving.printouts import file_list_pdf

        for archive in request.archives.order_by("number"):
            writer.append(PdfReader(io.BytesIO(file_list_pdf(archive, actor))))
            made.catalogues.append(archive)
    out = io.BytesIO()
    writer.write(out)
    made.pdf, made.pages = watermark_pdf(out.getvalue(), watermark_lines(request))
    return made


def watermark_lines(request: AccessRequest) -> list[str]:
    """Who the copy is for, why, and when: printed across every page."""
    who = request.visitor_label or f"{request.requester}（{request.department}）"
    return [
        _("复制件 申请编号 %(pk)s") % {"pk": request.pk},
        _("申请人：%(who)s") % {"who": who},
        _("目的：%(purpose)s") % {"purpose": request.purpose},
        _("日期：%(date)s") % {"date": f"{timezone.localdate():%Y-%m-%d}"},
    ]


def _scan_as_pdf(scan: Scan) -> bytes:
    with default_storage.open(scan.storage_name, "rb") as fh:
        data = fh.read()
    if scan.content_type == "application/pdf":
        return bytes(data)
    return _image_as_pdf(bytes(data))


def _image_as_pdf(data: bytes) -> bytes:
    """An image scan (JPEG, PNG, every page of a TIFF) as PDF pages the width of A4, whatever its resolution."""
    from PIL import Image, ImageSequence

    with Image.open(io.BytesIO(data)) as img:
        frames = [frame.convert("RGB") for frame in ImageSequence.Iterator(img)]
    out = io.BytesIO()
    resolution = frames[0].width * 72 / A4_WIDTH
    frames[0].save(out, "PDF", resolution=resolution, save_all=True, append_images=frames[1:])
    return out.getvalue()
