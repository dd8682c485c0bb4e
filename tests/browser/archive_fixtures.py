"""Things the owner-archive browser tests set up before the archivist starts clicking.

Real scan files (a PDF and a PNG made on the spot, the kinds a scanner produces) and a small storage
tree built through the shelving actions, as an archivist would have done on the storage pages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from yidang.places.models import Project
from yidang.shelving.actions import LocationData, location_create
from yidang.shelving.models import Location, LocationKind


def scanned_pdf(path: Path) -> Path:
    """A one-page PDF holding a scanned-looking image (Pillow writes a real PDF, not just a header)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (420, 594), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((30, 30, 390, 564), outline="black", width=3)
    for y in range(90, 540, 30):
        draw.line((60, y, 360, y), fill="grey", width=2)
    image.save(path, "PDF", resolution=50.0)
    return path


def scanned_png(path: Path) -> Path:
    """A small PNG photo of a paper (a grey page with a few dark lines)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (300, 420), (235, 235, 230))
    draw = ImageDraw.Draw(image)
    for y in range(40, 380, 24):
        draw.line((30, y, 270, y), fill=(40, 40, 40), width=2)
    image.save(path, "PNG")
    return path


def storage_shelf(project: Project, actor: Any) -> Location:
    """档案室 → 档案柜 → 层架 in ``project``, codes suggested by the system; returns the shelf."""
    room = location_create(project=project, data=LocationData(kind=LocationKind.ROOM, name="1号档案室"), actor=actor)
    cabinet = location_create(
        project=project, data=LocationData(kind=LocationKind.CABINET, parent=room, name="入伙资料柜"), actor=actor
    )
    return location_create(
        project=project, data=LocationData(kind=LocationKind.SHELF, parent=cabinet, name="第1层"), actor=actor
    )
