"""The archive page's storage panel: ``{% load shelving %}{% archive_location_panel archive %}``."""

from __future__ import annotations

from typing import Any

from django import template

from yidang.archive.models import Archive
from yidang.shelving.forms import FolderMoveForm
from yidang.shelving.models import Location
from yidang.shelving.queries import ANCESTORS, archive_page_path, folder_targets, location_chain, moves_of

register = template.Library()
RECENT_MOVES = 5


@register.inclusion_tag("shelving/_archive_location_panel.html", takes_context=True)
def archive_location_panel(context: template.Context, archive: Archive) -> dict[str, Any]:
    """Where the folder is (full path), its last moves, the move form and the print buttons."""
    request = context.get("request")
    user = getattr(request, "user", None)
    may_move = bool(user and user.has_perm("shelving.add_foldermove"))
    location = (
        Location.objects.select_related(*ANCESTORS).filter(pk=archive.location_id).first()
        if archive.location_id
        else None
    )
    return {
        "archive": archive,
        "chain": location_chain(location) if location else [],
        "moves": list(moves_of(archive)[:RECENT_MOVES]),
        "may_move": may_move,
        "may_print_labels": bool(user and user.has_perm("shelving.change_location")),
        "may_print_forms": bool(user and user.has_perm("archive.manage_archive")),
        "form": FolderMoveForm() if may_move else None,
        "targets": folder_targets(archive.project_id) if may_move else [],
        "next": archive_page_path(archive.pk),
        "csrf_token": context.get("csrf_token"),
        "building_id": getattr(context.get("room"), "building_id", None) or archive.room.building_id,
    }


@register.filter
def archive_url(archive_id: int) -> str:
    """The archive page of a file id (``/archive/<id>/``)."""
    return archive_page_path(int(archive_id))
