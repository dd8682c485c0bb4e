"""Reads of transfer sheets and custody, scoped to the user's projects in SQL."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.accounts.queries import project_ids_of
from yidang.archive.models import Archive
from yidang.core.errors import DomainError
from yidang.core.todo import TodoItem
from yidang.transfers.actions import ItemRef
from yidang.transfers.models import Custody, TransferSheet, TransferStatus


def sheets_visible_to(user: Any) -> QuerySet[TransferSheet]:
    """Sheets of the user's projects: all with ``view_transfersheet``, else those they send, receive or filed."""
    if not getattr(user, "is_authenticated", False):
        return TransferSheet.objects.none()
    qs = TransferSheet.objects.filter(project_id__in=project_ids_of(user))
    if user.has_perm("transfers.view_transfersheet"):
        return qs
    return qs.filter(Q(sender=user) | Q(receiver=user) | Q(sent_by=user))


def sheet_get(user: Any, pk: int) -> TransferSheet:
    sheet = (
        sheets_visible_to(user)
        .select_related("project", "sender", "receiver", "sent_by", "received_by")
        .filter(pk=pk)
        .first()
    )
    if sheet is None:
        raise Http404(_("没有找到该移交单"))
    return sheet


def waiting_for(user: Any) -> QuerySet[TransferSheet]:
    """Sheets waiting for the user's signature: addressed to them, or (outside receiver) registered by them."""
    if not getattr(user, "is_authenticated", False):
        return TransferSheet.objects.none()
    mine = Q(receiver=user) | Q(receiver__isnull=True, sent_by=user)
    return TransferSheet.objects.filter(mine, status=TransferStatus.SENT, project_id__in=project_ids_of(user))


def todo_for(user: Any) -> list[TodoItem]:
    waiting = waiting_for(user)
    count = waiting.count()
    # A buyer's file is due within 24 h of the sale: a hand-over still unsigned after a day is urgent.
    late = waiting.filter(sent_at__lt=timezone.now() - timedelta(hours=24)).exists() if count else False
    return [
        TodoItem(label=_("待我签收的移交单"), count=count, url=reverse("transfers:list") + "?tab=waiting", urgent=late)
    ]


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Local days ``start`` to ``end`` (inclusive) as aware datetimes."""
    if end < start:
        raise DomainError(_("结束日期不能早于开始日期"), field="end")
    tz = timezone.get_current_timezone()
    first = datetime.combine(start, time.min, tzinfo=tz)
    return first, datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz)


def sheets_of_period(user: Any, start: date, end: date) -> QuerySet[TransferSheet]:
    first, after = period_bounds(start, end)
    return (
        sheets_visible_to(user)
        .filter(sent_at__gte=first, sent_at__lt=after)
        .select_related("project", "sender", "receiver", "sent_by", "received_by")
        .prefetch_related("items__archive__room", "items__document")
        .order_by("sent_at", "id")
    )


_LINE = re.compile(r"^\s*(?P<number>[^\s#＃:：]+)\s*(?:[#＃:：]\s*(?P<nos>[\d\s,，、-]+))?\s*$")


def items_parse(text: str, project_ids: list[int]) -> list[ItemRef]:
    """The lines of a sheet typed or scanned one per line: ``档案号`` for a folder, ``档案号#3,5`` for
    documents 3 and 5 of it (``2-4`` for a run). Unknown numbers are a DomainError naming them."""
    refs: list[tuple[str, tuple[int, ...]]] = []
    for raw in text.splitlines():
        if not raw.strip():
            continue
        match = _LINE.match(raw)
        if match is None:
            raise DomainError(
                _("无法识别：%(l)s（格式：档案号 或 档案号#件号,件号）") % {"l": raw.strip()}, field="items"
            )
        refs.append((match["number"], _numbers(match["nos"] or "", raw)))
    if not refs:
        raise DomainError(_("请至少列出一个档案袋或一件文件"), field="items")
    found = {
        a.number: a
        for a in Archive.objects.filter(number__in=[n for n, _nos in refs], project_id__in=project_ids).select_related(
            "room"
        )
    }
    unknown = [n for n, _nos in refs if n not in found]
    if unknown:
        raise DomainError(_("在您的项目中没有找到档案：%(n)s") % {"n": "、".join(unknown)}, field="items")
    return [ItemRef(archive=found[n], item_nos=nos) for n, nos in refs]


def _numbers(text: str, line: str) -> tuple[int, ...]:
    out: list[int] = []
    for part in re.split(r"[\s,，、]+", text.strip()):
        if not part:
            continue
        low, _sep, high = part.partition("-")
        if not low.isdigit() or (high and not high.isdigit()) or (high and int(high) < int(low)):
            raise DomainError(_("件号有误：%(l)s") % {"l": line.strip()}, field="items")
        out += range(int(low), int(high or low) + 1)
    return tuple(dict.fromkeys(out))


def custody_on_file(archive: Archive) -> dict[str, Any]:
    """For the archive page: who holds the folder, and the documents held apart from it."""
    rows = list(Custody.objects.filter(archive=archive).select_related("holder", "document", "sheet"))
    folder = next((c for c in rows if c.document_id is None), None)
    apart = sorted(
        (c for c in rows if c.document_id is not None), key=lambda c: c.document.item_no if c.document else 0
    )
    open_sheets = TransferSheet.objects.filter(items__archive=archive, status=TransferStatus.SENT).distinct()
    return {"folder": folder, "apart": apart, "open_sheets": list(open_sheets)}
