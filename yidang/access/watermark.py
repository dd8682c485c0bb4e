"""Watermarks: on every page of a copy (PDF), and on every page image shown in the reading view.

A copy's watermark is drawn by WeasyPrint (so Chinese renders in Noto Sans CJK, as on every other
printout) as a transparent page of the same size, then stamped onto each page with pypdf. The
reading view's page images carry the reader's name and the time burnt in with Pillow, so a saved
screenshot or image still says who looked and when.
"""

from __future__ import annotations

import io
import subprocess
from functools import cache
from typing import Any

from yidang.printing.pdf import render_pdf

_FONT_FALLBACK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


# ---- PDF copies -----------------------------------------------------------------------------------


def watermark_pdf(pdf: bytes, lines: list[str]) -> tuple[bytes, int]:
    """Stamp ``lines`` on every page of ``pdf``; returns the stamped PDF and its page count."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    overlays: dict[tuple[int, int], Any] = {}
    for page in writer.pages:
        page.transfer_rotation_to_content()  # a rotated scan: stamp the page as it is seen
        size = (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
        if size not in overlays:
            overlays[size] = _overlay(*size, lines)
        # The overlay's origin is (0, 0); the page's may not be.
        page.merge_transformed_page(overlays[size], _to_origin(page), expand=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)


def _to_origin(page: Any) -> Any:
    from pypdf import Transformation

    return Transformation().translate(float(page.mediabox.left), float(page.mediabox.bottom))


def _overlay(width: int, height: int, lines: list[str]) -> Any:
    """One transparent page of ``width`` × ``height`` points holding the watermark."""
    from pypdf import PdfReader

    font = 7 if width < 300 else 13  # points; a receipt-sized page gets smaller print
    text = " · ".join(lines)
    foot_font = 5 if width < 300 else 7
    foot_lines = -(-len(text) * foot_font // max(width - 12, 1))  # CJK glyphs are about one em wide
    foot = foot_lines * foot_font * 1.4 + 8  # the footer's height: the tiles stop above it
    rows = int(height * 1.6 / (font * 3.2)) + 2  # enough rows to cover the page once turned 30°
    context = {"width": width, "height": height, "font": font, "tiles": range(rows), "text": text}
    context |= {"foot_font": foot_font, "foot": round(foot, 1)}
    body = render_pdf("access/print/watermark.html", context)
    return PdfReader(io.BytesIO(body)).pages[0]


# ---- page images of the reading view --------------------------------------------------------------


@cache
def _font_path() -> str:
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", "Noto Sans CJK SC"], capture_output=True, text=True, timeout=5, check=False
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        found = ""
    return found if found.lower().endswith((".ttc", ".otf", ".ttf")) else _FONT_FALLBACK


def watermark_image(image: Any, text: str) -> bytes:
    """A JPEG of ``image`` (a Pillow image) with ``text`` tiled across it diagonally, light but legible."""
    from PIL import Image, ImageDraw, ImageFont

    base = image.convert("RGB")
    width, height = base.size
    size = max(14, min(width, height) // 22)
    font = ImageFont.truetype(_font_path(), size)
    tile = Image.new("RGBA", (width * 2, height * 2), (0, 0, 0, 0))
    draw = ImageDraw.Draw(tile)
    step_y, step_x = size * 5, int(draw.textlength(text, font=font)) + size * 3
    for row, y in enumerate(range(0, tile.height, step_y)):
        for x in range(-(row % 2) * step_x // 2, tile.width, step_x):
            draw.text((x, y), text, font=font, fill=(200, 30, 30, 70))
    tile = tile.rotate(30, resample=Image.Resampling.BICUBIC)
    left, top = (tile.width - width) // 2, (tile.height - height) // 2
    stamp = tile.crop((left, top, left + width, top + height))
    base.paste(stamp, (0, 0), stamp)
    out = io.BytesIO()
    base.save(out, "JPEG", quality=82)
    return out.getvalue()
