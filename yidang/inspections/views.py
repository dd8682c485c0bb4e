"""Inspection pages: the overview, proposals, a sample draw, one inspection, a file's record (and its
PDF), the follow-through page of chase tasks, the year's plans.

Every list is a query scoped to the user's projects (``yidang.inspections.queries``); another
project's object answers 404; a role without the right gets 403. Every change goes through
``yidang.inspections.actions``, whose DomainError comes back on the page with status 400.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from yidang.accounts.models import User
from yidang.accounts.queries import projects_of
from yidang.core.errors import DomainError
from yidang.inspections import actions
from yidang.inspections.forms import CloseForm, PlanForm, PlannedCheckForm, RecordForm, SampleForm
from yidang.inspections.models import (
    ChaseStatus,
    InspectionKind,
    InspectionStatus,
    PlanStatus,
    ProposalStatus,
    RecordStatus,
)
from yidang.inspections.printouts import record_pdf
from yidang.inspections.queries import (
    chase_task_get,
    cs_owners,
    follow_through,
    inspection_get,
    inspections_visible_to,
    plan_get,
    plan_progress,
    plans_visible_to,
    proposal_get,
    proposals_visible_to,
    record_checklist,
    record_get,
    runs_inspections,
    sees_inspections,
)
from yidang.printing.actions import printout_record
from yidang.usage.actions import usage_record
from yidang.usage.models import UsageKind


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _viewer(request: HttpRequest) -> User:
    user = _user(request)
    if not sees_inspections(user):
        raise PermissionDenied("质量检查仅供客服主管、档案管理员和客服经理查看")
    return user


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    user = _user(request)
    tabs = {"tab_inspections": sees_inspections(user), "can_run": runs_inspections(user)}
    return render(request, template, {**tabs, **context}, status=status)


def _error(form: Any, exc: DomainError) -> None:
    """A refusal on the form (400); one for lack of the role is a 403, and nothing was written either way."""
    if exc.code == "forbidden":
        raise PermissionDenied(exc.message)
    exc.add_to(form)


def _may_write(request: HttpRequest, allowed: bool, message: str) -> None:
    """A POST by someone whose role cannot make it is a 403 before any form is read."""
    if request.method == "POST" and not allowed:
        raise PermissionDenied(message)


def _posted(request: HttpRequest) -> Any:
    """The POST data of a POST, even an empty one (so an empty form is refused, not shown blank)."""
    return request.POST if request.method == "POST" else None


@require_safe
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Open inspections with their progress, what waits, and the form to draw a sample."""
    user = _viewer(request)
    inspections = (
        inspections_visible_to(user)
        .select_related("project", "building")
        .annotate(files=Count("records"), checked=Count("records", filter=Q(records__status=RecordStatus.DONE)))
    )
    context = {
        "open": list(inspections.filter(status=InspectionStatus.OPEN)[:100]),
        "done": list(inspections.filter(status=InspectionStatus.DONE)[:20]),
        "proposal_count": proposals_visible_to(user).filter(status=ProposalStatus.OPEN).count(),
        "sample_form": SampleForm(projects=projects_of(user).order_by("code")),
    }
    return _page(request, "inspections/index.html", context)


@require_safe
@login_required
def proposals(request: HttpRequest) -> HttpResponse:
    user = _viewer(request)
    qs = proposals_visible_to(user).select_related("building", "project", "inspection")
    context = {
        "open": list(qs.filter(status=ProposalStatus.OPEN).order_by("project__code", "building__code")),
        "started": list(qs.filter(status=ProposalStatus.STARTED)[:50]),
        "percent": _settings("YIDANG_INSPECTION_OCCUPANCY_PERCENT"),
    }
    return _page(request, "inspections/proposals.html", context)


def _settings(name: str) -> Any:
    from django.conf import settings

    return getattr(settings, name)


@require_POST
@login_required
def proposal_start(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    proposal = proposal_get(user, pk)
    if not runs_inspections(user):
        raise PermissionDenied("全面检查须由客服主管安排")
    try:
        inspection = actions.inspection_start_full(proposal=proposal, actor=user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("inspections:proposals")
    messages.success(request, _("已安排 %(b)s 全面检查") % {"b": proposal.building})
    return redirect("inspections:detail", pk=inspection.pk)


@require_POST
@login_required
def sample_draw(request: HttpRequest) -> HttpResponse:
    user = _viewer(request)
    _may_write(request, runs_inspections(user), "抽样检查须由客服主管发起")
    form = SampleForm(request.POST, projects=projects_of(user))
    if form.is_valid():
        try:
            inspection = actions.inspection_sample_draw(
                project=form.cleaned_data["project"], actor=user, seed=form.cleaned_data["seed"]
            )
        except DomainError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("已抽取 %(n)s 份档案") % {"n": inspection.records.count()})
            return redirect("inspections:detail", pk=inspection.pk)
    inspections = inspections_visible_to(user).annotate(
        files=Count("records"), checked=Count("records", filter=Q(records__status=RecordStatus.DONE))
    )
    context = {
        "open": list(inspections.filter(status=InspectionStatus.OPEN).select_related("project", "building")[:100]),
        "done": [],
        "proposal_count": proposals_visible_to(user).filter(status=ProposalStatus.OPEN).count(),
        "sample_form": form,
    }
    return _page(request, "inspections/index.html", context, status=400)


@require_safe
@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _viewer(request)
    inspection = inspection_get(user, pk)
    records = list(
        inspection.records.select_related("archive__room__building", "inspector")
        .annotate(open_tasks=Count("findings", filter=Q(findings__chase_task__status=ChaseStatus.OPEN)))
        .annotate(finding_count=Count("findings"))
        .order_by("status", "archive__number")
    )
    reproduced = None
    if inspection.kind == InspectionKind.SAMPLE:
        redone = actions.inspection_sample_reproduce(inspection)
        reproduced = sorted(a for ids in redone.values() for a in ids) == sorted(r.archive_id for r in records)
    context = {"inspection": inspection, "records": records, "reproduced": reproduced}
    return _page(request, "inspections/detail.html", context)


@login_required
def record(request: HttpRequest, pk: int) -> HttpResponse:
    """质量检查记录 of one file: the checklist to tick (supervisor, pending), or what was found."""
    user = _viewer(request)
    rec = record_get(user, pk)
    items = list(record_checklist(rec))
    editable = rec.status == RecordStatus.PENDING and runs_inspections(user)
    form = None
    if editable:
        form = RecordForm(_posted(request), items=items, owners=cs_owners(rec.project_id))
        if request.method == "POST" and form.is_valid():
            try:
                actions.inspection_record_submit(
                    record=rec,
                    checks=form.checks(),
                    owner=form.cleaned_data["owner"],
                    note=form.cleaned_data["note"],
                    due_days=form.cleaned_data["due_days"],
                    actor=user,
                )
            except DomainError as exc:
                _error(form, exc)
            else:
                messages.success(request, _("已保存 %(n)s 的检查记录") % {"n": rec.archive.number})
                return redirect("inspections:detail", pk=rec.inspection_id)
    elif request.method == "POST":
        raise PermissionDenied("该记录已检查，或您不能进行质量检查")
    findings = {f.doc_type_id: f for f in rec.findings.select_related("chase_task__owner", "document")}
    context = {
        "record": rec,
        "form": form,
        "rows": [(i, findings.get(i.doc_type_id)) for i in items],
        "findings": list(findings.values()),
        "now": timezone.now(),
    }
    return _page(request, "inspections/record.html", context, status=400 if form is not None and form.errors else 200)


@require_safe
@login_required
def record_print(request: HttpRequest, pk: int) -> HttpResponse:
    user = _viewer(request)
    rec = record_get(user, pk)
    body = record_pdf(rec, user)
    printout_record(actor=user, action="print.inspection_record", obj=rec, project_id=rec.project_id)
    usage_record(
        user=user, kind=UsageKind.PRINT, archive=rec.archive, what=_("质量检查记录 %(n)s") % {"n": rec.archive.number}
    )
    response = HttpResponse(body, content_type="application/pdf")
    filename = f"质量检查记录-{rec.archive.number}.pdf"
    response["Content-Disposition"] = content_disposition_header(False, filename) or ""
    return response


@require_safe
@login_required
def chase(request: HttpRequest) -> HttpResponse:
    """The follow-through page: open chase tasks by owner, overdue first."""
    user = _user(request)
    if not user.has_perm("inspections.view_chasetask"):
        raise PermissionDenied("整改追办仅供客服部使用")
    now = timezone.now()
    return _page(request, "inspections/chase.html", {"groups": follow_through(user, now), "now": now})


@login_required
def chase_close(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    task = chase_task_get(user, pk)
    can_close = task.owner_id == user.pk or runs_inspections(user)
    _may_write(request, can_close, "只有责任人或客服主管可以办结整改任务")
    form = CloseForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            actions.chase_task_close(task=task, actor=user, resolution=form.cleaned_data["resolution"])
        except DomainError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("整改任务已办结"))
            return redirect("inspections:chase")
    status = 400 if form.errors else 200
    context = {"task": task, "form": form, "now": timezone.now(), "can_close": can_close}
    return _page(request, "inspections/chase_close.html", context, status)


@login_required
def plans(request: HttpRequest) -> HttpResponse:
    user = _viewer(request)
    _may_write(request, runs_inspections(user), "检查计划须由客服主管编制")
    form = PlanForm(_posted(request), projects=projects_of(user).order_by("code"))
    if request.method == "POST" and form.is_valid():
        try:
            plan = actions.inspection_plan_create(
                project=form.cleaned_data["project"], year=form.cleaned_data["year"], actor=user
            )
        except DomainError as exc:
            _error(form, exc)
        else:
            return redirect("inspections:plan", pk=plan.pk)
    rows = plans_visible_to(user).select_related("project", "approved_by").annotate(check_count=Count("checks"))
    context = {"plans": list(rows[:100]), "form": form, "minimum": _settings("YIDANG_INSPECTION_PLAN_MIN_CHECKS")}
    return _page(request, "inspections/plans.html", context, status=400 if form.errors else 200)


def _plan_page(request: HttpRequest, plan: Any, form: Any, error: str = "", status: int = 200) -> HttpResponse:
    user = _user(request)
    context = {
        "plan": plan,
        "checks": plan_progress(plan),
        "form": form,
        "error": error,
        "can_edit": plan.status == PlanStatus.DRAFT and runs_inspections(user),
        "can_approve": plan.status == PlanStatus.DRAFT and user.has_perm("inspections.approve_inspectionplan"),
        "minimum": _settings("YIDANG_INSPECTION_PLAN_MIN_CHECKS"),
    }
    return _page(request, "inspections/plan.html", context, status)


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A plan and its checks; the supervisor adds (POST) or removes (``remove``) checks while it is a draft."""
    user = _viewer(request)
    plan = plan_get(user, pk)
    _may_write(request, runs_inspections(user), "检查计划须由客服主管编制")
    form = PlannedCheckForm(_posted(request))
    if request.method == "POST":
        try:
            if request.POST.get("remove", "").isdigit():
                check = plan.checks.filter(pk=int(request.POST["remove"])).first()
                if check is not None:
                    actions.inspection_plan_check_remove(check=check, actor=user)
                return redirect("inspections:plan", pk=plan.pk)
            if form.is_valid():
                d = form.cleaned_data
                actions.inspection_plan_check_add(
                    plan=plan, month=d["month"], kind=d["kind"], scope=d["scope"], actor=user
                )
                return redirect("inspections:plan", pk=plan.pk)
        except DomainError as exc:
            _error(form, exc)
        return _plan_page(request, plan, form, status=400)
    return _plan_page(request, plan, form)


@require_POST
@login_required
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    user = _viewer(request)
    plan = plan_get(user, pk)
    _may_write(request, user.has_perm("inspections.approve_inspectionplan"), "检查计划须由客服经理批准")
    try:
        actions.inspection_plan_approve(plan=plan, actor=user)
    except DomainError as exc:
        if exc.code == "forbidden":
            raise PermissionDenied(exc.message) from None
        return _plan_page(request, plan_get(user, pk), PlannedCheckForm(), error=exc.message, status=400)
    messages.success(request, _("检查计划已批准"))
    return redirect("inspections:plan", pk=plan.pk)
