from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu a user sees: only the places their role may go."""
    user = request.user
    if not user.is_authenticated:
        return {"nav_items": []}
    items = [(_("工作台"), reverse("home"))]
    if user.has_perm("households.view_household"):
        items += [(_("住户查询"), reverse("households:search")), (_("楼盘"), reverse("places:projects"))]
    if user.has_perm("archive.view_archive_file"):
        items.append((_("业户档案"), reverse("archive:list")))
    if user.has_perm("shelving.view_location"):
        items.append((_("档案存放"), reverse("shelving:index")))
    if user.has_perm("households.import_households") or user.has_perm("households.export_households"):
        items.append((_("导入导出"), reverse("imports:list")))
    if user.is_staff:
        items.append((_("系统设置"), reverse("admin:index")))
    path = request.path
    return {
        "nav_items": [
            {"label": label, "url": url, "active": (path.startswith(url) and url != "/") or path == url}
            for label, url in items
        ]
    }
