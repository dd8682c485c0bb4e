"""回访: the callbacks due, overdue and done, and the month's figures against the company's targets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.service.present import month_of, month_span, next_month, previous_month
from yidang.service.queries import callbacks_visible_to
from yidang.service.stats import (
    CALLBACK_RATE_TARGET,
    SATISFACTION_TARGET,
    VISIT_SHARE_TARGET,
    callback_figures,
)
from yidang.service.views.common import user_of, view_required

SHOWN = 100
TABS = ("due", "overdue", "done")


def percent(share: float | None) -> str:
    """``0.956`` → ``95.6%``; no figure yet → ``—``."""
    if share is None:
        return "—"
    text = f"{share * 100:.1f}".removesuffix(".0")
    return f"{text}%"


@dataclass(frozen=True)
class Figure:
    """One live figure against its target; ``base`` is how many it is a share of."""

    key: str
    label: str
    value: float | None
    target: float
    base: int

    @property
    def shown(self) -> str:
        return percent(self.value)

    @property
    def target_shown(self) -> str:
        return percent(self.target)

    @property
    def met(self) -> bool | None:
        return None if self.value is None else self.value >= self.target


@login_required
@view_required
def callbacks(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    show = request.GET.get("show", "due")
    show = show if show in TABS else "due"
    first = month_of(request.GET.get("month", ""))
    start, end = month_span(first)
    now = timezone.now()
    visible = callbacks_visible_to(user)
    waiting = visible.filter(done_at__isnull=True)
    rows: Any = {
        "due": waiting.filter(due_at__gte=now).order_by("due_at"),
        "overdue": waiting.filter(due_at__lt=now).order_by("due_at"),
        "done": visible.filter(done_at__isnull=False).order_by("-done_at"),
    }[show]
    month = visible.filter(created_at__gte=start, created_at__lt=end)
    figures = callback_figures(month)
    context = {
        "show": show,
        "rows": rows.select_related("ticket__room", "ticket__category", "done_by")[:SHOWN],
        "due_count": waiting.filter(due_at__gte=now).count(),
        "overdue_count": waiting.filter(due_at__lt=now).count(),
        "month": first,
        "previous_month": previous_month(first),
        "next_month": next_month(first) if next_month(first) <= timezone.localdate() else None,
        "figures": figures,
        "targets": [
            Figure("callback-rate", _("回访率"), figures.callback_rate, CALLBACK_RATE_TARGET, figures.due),
            Figure("visit-share", _("上门回访占比"), figures.visit_share, VISIT_SHARE_TARGET, figures.done),
            Figure(
                "satisfaction", _("满意率（满意+基本满意）"), figures.satisfaction, SATISFACTION_TARGET, figures.done
            ),
        ],
        "now": now,
    }
    return render(request, "service/callbacks.html", context)
