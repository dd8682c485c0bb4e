"""The scan files behind the demo's scans: three small sample pages, really stored.

A seed of a million households records some five million scan versions; storing a file for each
would be gigabytes of identical grey pages. Scans are content-addressed (``scans/ab/cd/<sha256>``),
so the demo draws three sample pages — a PDF, a JPEG and a PNG of a ruled form — passes each
through the archive's own ingest (``archive.scans.scan_inspect`` then ``scan_store``: sniffed,
hashed, stored with its preview) and lets every demo scan row point at one of them. Downloads,
previews and ``fixity_check`` then work on demo data as on real data.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.files.base import ContentFile

from yidang.archive.scans import scan_inspect, scan_store

PAGE = (620, 877)  # A4 at 75 dpi


@dataclass(frozen=True)
class SampleScan:
    storage_name: str
    thumbnail_name: str
    sha256: str
    size: int
    content_type: str
    ext: str


def _page(shade: int) -> object:
    """A form-like page: a header band, ruled lines and a signature box, deterministic."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", PAGE, (250, 250, 247))
    draw = ImageDraw.Draw(img)
    draw.rectangle((40, 40, PAGE[0] - 40, 110), fill=(shade, shade, shade))
    for y in range(150, PAGE[1] - 180, 34):
        draw.line((60, y, PAGE[0] - 60, y), fill=(150, 150, 150), width=1)
        draw.rectangle((60, y - 22, 60 + (y * 7) % 380, y - 8), fill=(90, 90, 90))
    draw.rectangle((PAGE[0] - 260, PAGE[1] - 150, PAGE[0] - 60, PAGE[1] - 60), outline=(60, 60, 60), width=2)
    return img


def _sample_bytes() -> list[tuple[str, bytes]]:
    out: list[tuple[str, bytes]] = []
    for name, fmt, shade in (("sample.pdf", "PDF", 120), ("sample.jpg", "JPEG", 160), ("sample.png", "PNG", 200)):
        buffer = io.BytesIO()
        _page(shade).save(buffer, fmt)  # type: ignore[attr-defined]
        out.append((name, buffer.getvalue()))
    return out


def sample_scans_store() -> list[SampleScan]:
    """Store the sample pages (a no-op for bytes already stored) and describe them."""
    samples = []
    for name, data in _sample_bytes():
        inspected = scan_inspect(ContentFile(data, name=name))
        stored = scan_store(ContentFile(data, name=name), inspected)
        samples.append(
            SampleScan(
                storage_name=stored.storage_name,
                thumbnail_name=stored.thumbnail_name,
                sha256=inspected.sha256,
                size=inspected.size,
                content_type=inspected.kind.content_type,
                ext=inspected.kind.ext,
            )
        )
    return samples
