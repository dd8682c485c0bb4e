from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from yidang.accounts.queries import project_ids_of
from yidang.notifications.badge import UnreadBadge


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu a user sees: only the places their role may go."""
    user = request.user
    if not user.is_authenticated:
        return {"nav_items": []}
    items = [(_("工作台"), reverse("home"))]
    if user.has_perm("households.view_household"):
        items += [(_("住户查询"), reverse("households:search")), (_("楼盘"), reverse("places:projects"))]
    if user.has_perm("service.view_ticket"):
        items.append((_("客服工单"), reverse("service:list")))
        items.append((_("满意度调查"), reverse("service:surveys")))
        items.append((_("客服统计"), reverse("service:stats")))
    elif project_ids_of(user):  # a worker of a project: the tickets dispatched to them
        items.append((_("我的工单"), reverse("service:mine")))
    if user.has_perm("archive.view_archive_file"):
        items.append((_("业户档案"), reverse("archive:list")))
    if user.has_perm("shelving.view_location"):
        items.append((_("档案存放"), reverse("shelving:index")))
    if user.has_perm("stocktake.view_stocktake"):
        items.append((_("档案清点"), reverse("stocktake:index")))
    if user.has_perm("households.import_households") or user.has_perm("households.export_households"):
        items.append((_("导入导出"), reverse("imports:list")))
    if project_ids_of(user):  # everyone who works in a project may ask to read a file (CS: register requests)
        items.append((_("查阅申请"), reverse("access:mine")))
        items.append((_("档案借阅"), reverse("loans:mine")))  # anyone in a project may ask to borrow a folder
        items.append((_("档案移交"), reverse("transfers:list")))  # anyone in a project may be handed a file
    if user.has_perm("retention.view_retention"):
        items.append((_("鉴定销毁"), reverse("retention:index")))
    if user.has_perm("inspections.view_inspection"):
        items.append((_("质量检查"), reverse("inspections:index")))
    elif user.has_perm("inspections.view_chasetask"):  # CS staff who own chase tasks
        items.append((_("整改追办"), reverse("inspections:chase")))
    if user.has_perm("incidents.add_incidentreport") or user.has_perm("incidents.view_incidentreport"):
        items.append((_("档案缺损"), reverse("incidents:list")))
    if user.has_perm("usage.view_usagerecord"):
        items.append((_("利用登记"), reverse("usage:ledger")))
    if user.has_perm("audit.view_audit_search"):
        items.append((_("审计日志"), reverse("audit:search")))
    if user.has_perm("backups.view_backuprun"):
        items.append((_("备份与校验"), reverse("backups:status")))
    if user.is_staff:
        items.append((_("系统设置"), reverse("admin:index")))
    path = request.path
    matching = [url for _label, url in items if (path.startswith(url) and url != "/") or path == url]
    best = max(matching, key=len, default=None)  # /service/surveys/ is 满意度调查, not 客服工单 as well
    return {
        "unread_notifications": UnreadBadge(user),
        "nav_items": [{"label": label, "url": url, "active": url == best} for label, url in items],
    }
