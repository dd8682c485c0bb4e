"""Pages: the usage ledger (档案利用登记), its monthly figures, and revealing an ID number."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from yidang.accounts.models import User
from yidang.core.errors import DomainError
from yidang.usage.actions import REVEAL_PERMISSION, id_number_reveal, usage_export_record
from yidang.usage.export import XLSX, ledger_workbook, monthly_workbook
from yidang.usage.forms import LedgerFilterForm, MonthForm, RevealForm
from yidang.usage.models import UsageKind
from yidang.usage.queries import LEDGER_PERMISSION, month_add, person_for_reveal, usage_ledger, usage_monthly

PAGE_SIZE = 50
ledger_required = permission_required(LEDGER_PERMISSION, raise_exception=True)
reveal_required = permission_required(REVEAL_PERMISSION, raise_exception=True)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@require_GET
@login_required
@ledger_required
def ledger(request: HttpRequest) -> HttpResponse:
    """Every use of the user's projects' files, newest first, with filters."""
    form = LedgerFilterForm(request.GET)
    rows = usage_ledger(_user(request), **form.filters())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "rows": page.object_list, "query": query.urlencode()}
    template = "usage/_ledger_results.html" if request.headers.get("HX-Request") else "usage/ledger.html"
    return render(request, template, context)


@require_GET
@login_required
@ledger_required
def ledger_export(request: HttpRequest) -> HttpResponse:
    """The filtered ledger as an Excel sheet (all matching rows, not just one page)."""
    filters = LedgerFilterForm(request.GET).filters()
    body, count = ledger_workbook(usage_ledger(_user(request), **filters))
    data = {k: (f"{v:%Y-%m}" if k == "month" and v else v) for k, v in filters.items() if v}
    usage_export_record(actor=_user(request), what="usage.ledger_export", data={**data, "rows": count})
    return _xlsx(body, _("档案利用登记表.xlsx"))


@require_GET
@login_required
@ledger_required
def monthly(request: HttpRequest) -> HttpResponse:
    """A month's uses by kind, purpose, department and category, with charts and a 12-month trend."""
    form = MonthForm(request.GET)
    figures = usage_monthly(_user(request), form.month_or_current())
    context = {
        "form": form,
        "m": figures,
        "kinds": {k.value: k for k in UsageKind},
        "previous": f"{month_add(figures.month, -1):%Y-%m}",
        "next": f"{month_add(figures.month, 1):%Y-%m}",
    }
    return render(request, "usage/monthly.html", context)


@require_GET
@login_required
@ledger_required
def monthly_export(request: HttpRequest) -> HttpResponse:
    figures = usage_monthly(_user(request), MonthForm(request.GET).month_or_current())
    month = f"{figures.month:%Y-%m}"
    usage_export_record(actor=_user(request), what="usage.monthly_export", data={"month": month})
    return _xlsx(monthly_workbook(figures), _("档案利用统计-%(m)s.xlsx") % {"m": month})


def _xlsx(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    return response


# ---- revealing an ID number ------------------------------------------------------------------------


@require_POST
@login_required
@reveal_required
def reveal_id(request: HttpRequest, room_pk: int, person_pk: int) -> HttpResponse:
    """The full ID number, for this response only, after a stated reason; logged and rate-limited.

    From the household page (htmx) the answer replaces the masked number in place; without
    script it is a small page of its own. A refusal keeps the form, with the reason why.
    """
    person, room = person_for_reveal(_user(request), person_pk, room_pk)
    form = RevealForm(request.POST)
    context: dict[str, Any] = {"p": person, "room": room, "reveal_form": form, "reveal_open": True}
    status = 400
    if form.is_valid():
        try:
            number = id_number_reveal(
                person=person, room=room, actor=_user(request), reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            form.add_error("reason" if exc.field == "reason" else None, exc.message)
            status = 429 if exc.code == "rate_limited" else 400
        else:
            context.update(revealed=number, reason=form.cleaned_data["reason"])
            status = 200
    template = "usage/_id_cell.html" if request.headers.get("HX-Request") else "usage/reveal.html"
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "no-store"
    return response
