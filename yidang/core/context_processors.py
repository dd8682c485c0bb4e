from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from yidang.accounts.queries import project_ids_of
from yidang.notifications.badge import UnreadBadge

Menu = list[tuple[str, list[tuple[str, str]]]]  # (group label, [(label, url)])


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu a user sees: only the places their role may go, in groups (a group of one is a plain link)."""
    user = request.user
    if not user.is_authenticated:
        return {"nav_items": [], "nav_groups": []}
    groups = [(label, items) for label, items in _menu(user) if items]
    path = request.path
    urls = [url for _group, items in groups for _label, url in items]
    matching = [url for url in urls if (path.startswith(url) and url != "/") or path == url]
    best = max(matching, key=len, default=None)  # /service/surveys/ is 满意度调查, not 客服工单 as well
    nav_groups: list[dict[str, Any]] = [
        {
            "label": group,
            "items": [{"label": label, "url": url, "active": url == best} for label, url in items],
            "active": any(url == best for _label, url in items),
        }
        for group, items in groups
    ]
    return {
        "unread_notifications": UnreadBadge(user),
        "nav_groups": nav_groups,
        "nav_items": [item for group in nav_groups for item in group["items"]],
    }


def _menu(user: Any) -> Menu:
    in_a_project = bool(project_ids_of(user))
    return [
        (_("工作台"), [(_("工作台"), reverse("home"))]),
        (pgettext("menu", "住户"), _households_menu(user)),
        (pgettext("menu", "客服"), _service_menu(user, in_a_project)),
        (pgettext("menu", "档案"), _archive_menu(user, in_a_project)),
        (pgettext("menu", "利用"), _use_menu(user, in_a_project)),
        (pgettext("menu", "系统"), _system_menu(user)),
    ]


def _households_menu(user: Any) -> list[tuple[str, str]]:
    items = []
    if user.has_perm("households.view_household"):
        items += [(_("住户查询"), reverse("households:search")), (_("楼盘"), reverse("places:projects"))]
    if user.has_perm("households.import_households") or user.has_perm("households.export_households"):
        items.append((_("导入导出"), reverse("imports:list")))
    return items


def _service_menu(user: Any, in_a_project: bool) -> list[tuple[str, str]]:
    if user.has_perm("service.view_ticket"):
        return [
            (_("客服工单"), reverse("service:list")),
            (_("满意度调查"), reverse("service:surveys")),
            (_("客服统计"), reverse("service:stats")),
        ]
    return [(_("我的工单"), reverse("service:mine"))] if in_a_project else []  # a worker: what is dispatched to them


def _archive_menu(user: Any, in_a_project: bool) -> list[tuple[str, str]]:
    items = []
    if user.has_perm("archive.view_archive_file"):
        items.append((_("业户档案"), reverse("archive:list")))
    if user.has_perm("shelving.view_location"):
        items.append((_("档案存放"), reverse("shelving:index")))
    if user.has_perm("stocktake.view_stocktake"):
        items.append((_("档案清点"), reverse("stocktake:index")))
    if user.has_perm("inspections.view_inspection"):
        items.append((_("质量检查"), reverse("inspections:index")))
    elif user.has_perm("inspections.view_chasetask"):  # CS staff who own chase tasks
        items.append((_("整改追办"), reverse("inspections:chase")))
    if in_a_project:  # anyone in a project may be handed a file
        items.append((_("档案移交"), reverse("transfers:list")))
    if user.has_perm("incidents.add_incidentreport") or user.has_perm("incidents.view_incidentreport"):
        items.append((_("档案缺损"), reverse("incidents:list")))
    if user.has_perm("retention.view_retention"):
        items.append((_("鉴定销毁"), reverse("retention:index")))
    return items


def _use_menu(user: Any, in_a_project: bool) -> list[tuple[str, str]]:
    items = []
    if in_a_project:  # everyone who works in a project may ask to read a file or borrow a folder
        items += [(_("查阅申请"), reverse("access:mine")), (_("档案借阅"), reverse("loans:mine"))]
    if user.has_perm("usage.view_usagerecord"):
        items.append((_("利用登记"), reverse("usage:ledger")))
    return items


def _system_menu(user: Any) -> list[tuple[str, str]]:
    items = []
    if user.has_perm("audit.view_audit_search"):
        items.append((_("审计日志"), reverse("audit:search")))
    if user.has_perm("backups.view_backuprun"):
        items.append((_("备份与校验"), reverse("backups:status")))
    if user.is_staff:
        items.append((_("系统设置"), reverse("admin:index")))
    return items
