"""The printed forms of the paper archive: folder label, file list, building catalogue, box and place labels.

Each function reads what its form shows and returns PDF bytes (``yidang.printing``). The caller has
checked the user may see the object and records the printout (``printout_record``).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from yidang.archive.models import Archive, Document
from yidang.archive.queries import owner_names
from yidang.places.models import Building
from yidang.printing.pdf import render_pdf
from yidang.printing.qr import qr_data_uri
from yidang.shelving.models import Location
from yidang.shelving.queries import (
    ANCESTORS,
    absolute_url,
    archive_page_path,
    box_range,
    building_catalogue,
    location_label,
    location_page_path,
)


def archive_qr_url(archive: Archive) -> str:
    """What a folder's QR code holds: the absolute address of its archive page."""
    return absolute_url(archive_page_path(archive.pk))


def location_qr_url(location: Location) -> str:
    return absolute_url(location_page_path(location.pk))


def _folder_context(archive: Archive, actor: Any) -> dict[str, Any]:
    archive = Archive.objects.select_related("project", "room", *(f"location__{a}" for a in ANCESTORS)).get(
        pk=archive.pk
    )
    return {
        "archive": archive,
        "room": archive.room,
        "owner": owner_names([archive.room_id]).get(archive.room_id, ""),
        "qr": qr_data_uri(archive_qr_url(archive)),
        "location_label": location_label(archive.location) if archive.location else "",
        "printed_at": timezone.localtime(),
        "printed_by": actor.get_full_name() or actor.get_username(),
    }


def folder_label_pdf(archive: Archive, actor: Any) -> bytes:
    """The cover label of a folder: room, owner, archive number and a QR to the archive page."""
    return render_pdf("printing/folder_label.html", _folder_context(archive, actor))


def file_list_pdf(archive: Archive, actor: Any) -> bytes:
    """档案袋文件清单: every item of the file, stuck on the folder."""
    context = _folder_context(archive, actor)
    documents = list(Document.objects.filter(archive=archive).order_by("item_no"))
    context |= {"documents": documents, "pages": sum(d.pages for d in documents)}
    return render_pdf("printing/file_list.html", context)


def catalogue_pdf(building: Building, actor: Any) -> bytes:
    """档案目录 of a building: every file in room order with its documents."""
    archives = list(building_catalogue(building.pk))
    owners = owner_names(a.room_id for a in archives)
    files = [{"archive": a, "owner": owners.get(a.room_id, ""), "documents": list(a.documents.all())} for a in archives]
    context = {
        "building": building,
        "files": files,
        "printed_at": timezone.localtime(),
        "printed_by": actor.get_full_name() or actor.get_username(),
    }
    return render_pdf("printing/catalogue.html", context)


def box_label_pdf(box: Location) -> bytes:
    """A box's spine label: category, year, first–last archive number and a QR to its place page."""
    first, last, _computed = box_range(box)
    context = {"box": box, "first": first, "last": last, "qr": qr_data_uri(location_qr_url(box))}
    return render_pdf("printing/box_label.html", context)


def location_labels_pdf(locations: list[Location]) -> bytes:
    """One small QR label per place (a cabinet and everything in it, say), one label a page."""
    labels = [{"location": loc, "qr": qr_data_uri(location_qr_url(loc))} for loc in locations]
    return render_pdf("printing/location_labels.html", {"labels": labels})
