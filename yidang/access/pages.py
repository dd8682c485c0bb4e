"""Scan pages as pictures for the reading view: the reader sees the page, never the file itself.

A PDF page is drawn by PDFium, an image scan decoded by Pillow; either way the reader's name and
the time are burnt into the picture (``watermark.watermark_image``). The scan's own bytes are
never sent to the browser, so there is nothing to download but a stamped picture of a page.
"""

from __future__ import annotations

import io
from typing import Any

from django.core.files.storage import default_storage

from yidang.archive.models import Scan

MAX_WIDTH = 1400  # pixels: legible on a desktop screen, small enough for a phone


def _bytes(scan: Scan) -> bytes:
    with default_storage.open(scan.storage_name, "rb") as fh:
        return bytes(fh.read())


def page_count(scan: Scan) -> int:
    """How many pages the scan has (a PDF's pages, a TIFF's frames, else one); 0 if it cannot be read."""
    if not default_storage.exists(scan.storage_name):
        return 0
    try:
        if scan.content_type == "application/pdf":
            import pypdfium2 as pdfium

            pdf = pdfium.PdfDocument(_bytes(scan))
            try:
                return len(pdf)
            finally:
                pdf.close()
        from PIL import Image

        with Image.open(io.BytesIO(_bytes(scan))) as img:
            return int(getattr(img, "n_frames", 1))
    except Exception:  # a scan that cannot be drawn shows as "no preview", not as an error page
        return 0


def page_image(scan: Scan, number: int) -> Any | None:
    """Page ``number`` (1-based) as a Pillow image, or None when there is no such page."""
    if number < 1 or not default_storage.exists(scan.storage_name):
        return None
    if scan.content_type == "application/pdf":
        return _pdf_page(_bytes(scan), number)
    return _image_frame(_bytes(scan), number)


def _pdf_page(data: bytes, number: int) -> Any | None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        if number > len(pdf):
            return None
        page = pdf[number - 1]
        width, _height = page.get_size()
        scale = max(0.2, min(MAX_WIDTH / max(width, 1), 2.5))
        return page.render(scale=scale).to_pil().convert("RGB")
    finally:
        pdf.close()


def _image_frame(data: bytes, number: int) -> Any | None:
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as img:
        if number > getattr(img, "n_frames", 1):
            return None
        img.seek(number - 1)
        frame = (ImageOps.exif_transpose(img) or img).convert("RGB")
    if frame.width > MAX_WIDTH:
        frame.thumbnail((MAX_WIDTH, MAX_WIDTH * 4))
    return frame
