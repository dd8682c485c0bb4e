"""The custody panel of the archive page: who holds the folder, documents held apart, sheets waiting,
and the file's open loss and damage reports (with links to report one and to hand the folder over)."""

from __future__ import annotations

from typing import Any

from django import template

from yidang.archive.models import Archive
from yidang.incidents.queries import damaged_document_ids, open_incidents_of
from yidang.transfers.queries import custody_on_file

register = template.Library()


@register.inclusion_tag("transfers/_custody_panel.html", takes_context=True)
def archive_custody_panel(context: dict[str, Any], archive: Archive) -> dict[str, Any]:
    user = context["request"].user
    return {
        "archive": archive,
        **custody_on_file(archive),
        "incidents": list(open_incidents_of(archive)),
        "damaged": len(damaged_document_ids(archive)),
        "can_send": user.has_perm("transfers.add_transfersheet"),
        "can_report": user.has_perm("incidents.add_incidentreport"),
    }
