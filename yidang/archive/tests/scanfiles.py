"""Little scan files made on the spot: real PDF, JPEG, PNG and TIFF bytes, and the bad files people send."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile


def pdf_bytes(pages: int = 1, width: float = 595, height: float = 842) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width, height)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_bytes(fmt: str, size: tuple[int, int] = (60, 80), colour: str = "navy") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, fmt)
    return out.getvalue()


# A DOS/PE stub: what every Windows .exe starts with.
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"This program cannot be run in DOS mode."
)
NOT_REALLY_PDF = b"%PDF-1.7\nthis is only text pretending to be a PDF\n"
ZIP = b"PK\x03\x04" + b"\x00" * 40


def upload(content: bytes, name: str = "scan.pdf", content_type: str = "application/pdf") -> SimpleUploadedFile:
    """An upload as a browser sends it: the name and content type are whatever the client says."""
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files(media_root: Path) -> list[str]:
    """Every file under MEDIA_ROOT, relative, sorted."""
    return sorted(str(p.relative_to(media_root)) for p in media_root.rglob("*") if p.is_file())
