"""Stocktake pages: a project's counts, one count with its scan box and live reconciliation (htmx),
the year-end count report, and the storage-care log.

Every read goes through ``yidang.stocktake.queries`` (the user's projects, in SQL); every change
through ``yidang.stocktake.actions``, whose DomainError comes back on the page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from yidang.accounts.models import User
from yidang.accounts.queries import projects_of
from yidang.archive.models import Archive
from yidang.core.errors import DomainError
from yidang.places.models import Project
from yidang.printing.actions import printout_record
from yidang.shelving.models import Location
from yidang.stocktake import actions
from yidang.stocktake.exports import (
    XLSX,
    count_header,
    count_rows,
    problem_header,
    problem_row,
    report_pdf,
    report_xlsx,
    total_row,
)
from yidang.stocktake.forms import CareCheckForm, ResolveForm, StartForm
from yidang.stocktake.models import Outcome, Stocktake, StocktakeScan
from yidang.stocktake.queries import (
    care_check_get,
    care_checks_visible_to,
    care_due,
    location_names,
    open_follow_ups,
    result_of,
    stocktake_get,
    stocktakes_visible_to,
    with_labels,
    year_report,
)
from yidang.usage.actions import usage_record
from yidang.usage.models import UsageKind

view_required = permission_required("stocktake.view_stocktake", raise_exception=True)
count_required = permission_required("stocktake.add_stocktake", raise_exception=True)
care_view_required = permission_required("stocktake.view_carecheck", raise_exception=True)
OUTCOME_ORDER = [Outcome.MISPLACED, Outcome.MISSING, Outcome.UNKNOWN, Outcome.ON_LOAN, Outcome.IN_PLACE]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _project(request: HttpRequest, code: str) -> Project:
    project = projects_of(_user(request)).filter(code=code).first()
    if project is None:
        raise Http404("没有找到该项目")
    return project


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@login_required
@view_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Where the stocktake pages start: the user's one project, or a choice of them."""
    projects = list(projects_of(_user(request)).order_by("code"))
    if len(projects) == 1:
        return redirect("stocktake:project", code=projects[0].code)
    return render(request, "stocktake/index.html", {"projects": projects})


@login_required
@view_required
@require_safe
def project_page(request: HttpRequest, code: str) -> HttpResponse:
    """A project's counts (open first, then the recent ones), starting a new one, the care log's state."""
    project = _project(request, code)
    takes = stocktakes_visible_to(_user(request)).filter(project=project).select_related("area", "started_by")
    page = Paginator(takes.order_by("status", "-started_at", "-id"), 30).get_page(request.GET.get("page"))
    year = timezone.localdate().year
    context = {
        "project": project,
        "page": page,
        "form": StartForm(project=project),
        "due": care_due([project.pk]),
        "follow_ups": open_follow_ups([project.pk]).count(),
        "years": [year, year - 1],
    }
    return render(request, "stocktake/project.html", context)


@login_required
@count_required
@require_POST
def start(request: HttpRequest, code: str) -> HttpResponse:
    project = _project(request, code)
    form = StartForm(request.POST, project=project)
    if form.is_valid():
        try:
            take = actions.stocktake_start(
                area=form.cleaned_data["area"], actor=request.user, note=form.cleaned_data["note"]
            )
        except DomainError as exc:
            form.add_error("area", exc.message)
        else:
            return redirect("stocktake:detail", pk=take.pk)
    context = {"project": project, "form": form, "page": None, "due": [], "follow_ups": 0, "years": []}
    return render(request, "stocktake/project.html", context, status=400)


# ---- one count ----------------------------------------------------------------------------------


def _place_key(take: Stocktake) -> str:
    return f"stocktake:{take.pk}:place"


def _current_place(request: HttpRequest, take: Stocktake) -> Location | None:
    """The place last scanned in this count, kept in the session (a phone may reload the page)."""
    pk = request.session.get(_place_key(take))
    if not pk or not take.is_open:
        return None
    return Location.objects.filter(pk=pk, project_id=take.project_id).first()


def _live_context(request: HttpRequest, take: Stocktake, **extra: Any) -> dict[str, Any]:
    result = with_labels(result_of(take), take.project_id)
    sections = [(o, Outcome(o).label, result.of(o)) for o in OUTCOME_ORDER]
    return {
        "take": take,
        "result": result,
        "counts": result.counts,
        "sections": sections,
        "place": _current_place(request, take),
        "can_count": take.is_open and request.user.has_perm("stocktake.add_stocktake"),
        **extra,
    }


@login_required
@view_required
@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One count: the scan box and the live reconciliation while open; the recorded result once closed."""
    take = stocktake_get(_user(request), pk)
    return render(request, "stocktake/detail.html", _live_context(request, take))


def _live(request: HttpRequest, take: Stocktake, *, message: str = "", error: str = "", kind: str = "") -> HttpResponse:
    """The answer to a step: the live part of the page (htmx), or the page again."""
    take = stocktake_get(_user(request), take.pk)
    if _is_htmx(request):
        context = _live_context(request, take, message=message, error=error, kind=kind)
        return render(request, "stocktake/_live.html", context)
    if error:
        context = _live_context(request, take, message=message, error=error, kind=kind)
        return render(request, "stocktake/detail.html", context, status=400)
    if message:
        messages.success(request, message)
    return redirect("stocktake:detail", pk=take.pk)


@login_required
@count_required
@require_POST
def scan(request: HttpRequest, pk: int) -> HttpResponse:
    """A code typed, scanned by a USB scanner (code + Enter) or read by the phone camera."""
    take = stocktake_get(_user(request), pk)
    try:
        result = actions.stocktake_scan(
            stocktake=take, text=request.POST.get("code", ""), actor=request.user, place=_current_place(request, take)
        )
    except DomainError as exc:
        return _live(request, take, error=exc.message)
    if result.kind == "place" and result.place is not None:
        request.session[_place_key(take)] = result.place.pk
    return _live(request, take, message=result.message, kind=result.outcome or result.kind)


@login_required
@count_required
@require_POST
def tick(request: HttpRequest, pk: int, archive_pk: int) -> HttpResponse:
    """A folder of the list ticked as seen on its place."""
    take = stocktake_get(_user(request), pk)
    archive = Archive.objects.filter(pk=archive_pk, project_id=take.project_id).first()
    if archive is None:
        raise Http404("没有找到该档案")
    try:
        result = actions.stocktake_tick(stocktake=take, archive=archive, actor=request.user)
    except DomainError as exc:
        return _live(request, take, error=exc.message)
    return _live(request, take, message=result.message, kind=result.outcome)


def _scan_of(take: Stocktake, scan_pk: int) -> StocktakeScan:
    found = StocktakeScan.objects.filter(pk=scan_pk, stocktake=take).select_related("stocktake").first()
    if found is None:
        raise Http404("没有找到该扫描记录")
    return found


@login_required
@count_required
@require_POST
def put_back(request: HttpRequest, pk: int, stocktake_scan_pk: int) -> HttpResponse:
    """A misplaced folder carried back to the place the ledger gives."""
    take = stocktake_get(_user(request), pk)
    row = _scan_of(take, stocktake_scan_pk)
    try:
        actions.stocktake_put_back(scan=row, actor=request.user)
    except DomainError as exc:
        return _live(request, take, error=exc.message)
    return _live(request, take, message=_("%(n)s 已放回原位") % {"n": row.code})


@login_required
@count_required
@permission_required("shelving.add_foldermove", raise_exception=True)
@require_POST
def rehome(request: HttpRequest, pk: int, stocktake_scan_pk: int) -> HttpResponse:
    """A misplaced folder left where it was found: the shelving move records that place."""
    take = stocktake_get(_user(request), pk)
    row = _scan_of(take, stocktake_scan_pk)
    try:
        actions.stocktake_rehome(scan=row, actor=request.user)
    except DomainError as exc:
        return _live(request, take, error=exc.message)
    where = row.found_at.code if row.found_at else ""
    return _live(request, take, message=_("%(n)s 已登记到 %(w)s") % {"n": row.code, "w": where})


@login_required
@count_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    take = stocktake_get(_user(request), pk)
    try:
        take = actions.stocktake_close(stocktake=take, actor=request.user, note=request.POST.get("note", "")[:300])
    except DomainError as exc:
        return _live(request, take, error=exc.message)
    request.session.pop(_place_key(take), None)
    messages.success(request, _("清点已完成，结果已记录"))
    if _is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = request.build_absolute_uri(take_url(take))
        return response
    return redirect("stocktake:detail", pk=take.pk)


def take_url(take: Stocktake) -> str:
    return reverse("stocktake:detail", args=[take.pk])


# ---- the year-end count report ------------------------------------------------------------------


def _year(year: int) -> int:
    if not 2000 <= year <= 2200:
        raise Http404("年度无效")
    return year


@login_required
@view_required
@require_safe
def report(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """年度档案清点报告 on screen, with its PDF and Excel."""
    project = _project(request, code)
    data = year_report(project, _year(year))
    labels = location_names(project.pk)
    context = {
        "report": data,
        "count_header": count_header(),
        "count_rows": count_rows(data),
        "total_row": total_row(data),
        "problem_header": problem_header(),
        "problem_rows": [problem_row(line, labels) for line in data.problems],
    }
    return render(request, "stocktake/report.html", context)


def _report_used(request: HttpRequest, project: Project, year: int, kind: str, action: str) -> None:
    printout_record(actor=request.user, action=action, obj=project, project_id=project.pk, data={"year": year})
    what = _("%(y)s 年度档案清点报告 %(p)s") % {"y": year, "p": project.name}
    usage_record(user=request.user, kind=kind, project_id=project.pk, what=what)


@login_required
@view_required
@require_safe
def report_print(request: HttpRequest, code: str, year: int) -> HttpResponse:
    project = _project(request, code)
    data = year_report(project, _year(year))
    body = report_pdf(data, location_names(project.pk), _user(request))
    _report_used(request, project, year, UsageKind.PRINT, "print.stocktake_report")
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"档案清点报告-{project.code}-{year}.pdf") or ""
    return response


@login_required
@view_required
@require_safe
def report_export(request: HttpRequest, code: str, year: int) -> HttpResponse:
    project = _project(request, code)
    data = year_report(project, _year(year))
    body = report_xlsx(data, location_names(project.pk))
    _report_used(request, project, year, UsageKind.EXPORT, "export.stocktake_report")
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"档案清点报告-{project.code}-{year}.xlsx") or ""
    return response


# ---- the storage-care log -----------------------------------------------------------------------


@login_required
@care_view_required
def care(request: HttpRequest, code: str) -> HttpResponse:
    """The storage-care log of a project: what is due, open follow-ups, the log, and the entry form."""
    project = _project(request, code)
    user = _user(request)
    form = CareCheckForm(request.POST or None, project=project)
    if request.method == "POST":
        if not user.has_perm("stocktake.add_carecheck"):
            raise PermissionDenied
        if form.is_valid():
            try:
                actions.care_check_record(room=form.cleaned_data["room"], data=form.care_data(), actor=user)
            except DomainError as exc:
                exc.add_to(form)
            else:
                messages.success(request, _("已登记库房检查"))
                return redirect("stocktake:care", code=project.code)
    checks = care_checks_visible_to(user).filter(project=project).select_related("room", "checked_by", "resolved_by")
    context = {
        "project": project,
        "form": form,
        "due": care_due([project.pk]),
        "follow_ups": open_follow_ups([project.pk]),
        "page": Paginator(checks, 50).get_page(request.GET.get("page")),
        "resolve_form": ResolveForm(),
    }
    return render(request, "stocktake/care.html", context, status=400 if form.errors else 200)


@login_required
@permission_required("stocktake.change_carecheck", raise_exception=True)
@require_POST
def care_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    check = care_check_get(_user(request), pk)
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            actions.care_check_resolve(check=check, resolution=form.cleaned_data["resolution"], actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("问题已处理完毕"))
    else:
        messages.error(request, _("请写明处理结果"))
    return redirect("stocktake:care", code=check.project.code)
