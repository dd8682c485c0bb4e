"""Loss and damage pages: the reports of my projects, a new report from a file, one report and its steps.

Every list is a query scoped to the user's projects (``yidang.incidents.queries``); every change goes
through ``yidang.incidents.actions``, whose DomainError comes back on the page with status 400.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from yidang.accounts.models import User
from yidang.core.errors import DomainError
from yidang.incidents import actions
from yidang.incidents.forms import CauseForm, CloseForm, ReportForm, StepForm
from yidang.incidents.models import IncidentReport, IncidentStatus
from yidang.incidents.queries import incident_get, incidents_visible_to, reportable_archive_get

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
@require_safe
def incident_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    status = request.GET.get("status", "")
    qs = incidents_visible_to(user).select_related("archive__room", "project", "recorded_by")
    if status in IncidentStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs.order_by("-recorded_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "incidents/list.html", {"page": page, "status": status})


@login_required
def incident_new(request: HttpRequest, archive_id: int) -> HttpResponse:
    user = _user(request)
    archive = reportable_archive_get(user, archive_id)
    documents = list(archive.documents.order_by("item_no"))
    form = ReportForm(request.POST if request.method == "POST" else None, documents=documents)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = actions.IncidentData(
            kind=d["kind"],
            documents=tuple(int(x) for x in d["documents"]),
            note=d["note"],
            found_at=d["found_at"],
            cause=d["cause"],
        )
        try:
            report = actions.incident_report(archive=archive, data=data, actor=user)
        except DomainError as exc:
            exc.add_to(form)
        else:
            messages.success(request, _("已登记缺损报告（第 %(id)s 号）") % {"id": report.pk})
            return redirect("incidents:detail", pk=report.pk)
    context = {"form": form, "archive": archive}
    return render(request, "incidents/new.html", context, status=400 if form.errors else 200)


def _detail(request: HttpRequest, report: IncidentReport, **bound: forms.Form) -> HttpResponse:
    user = _user(request)
    documents = list(report.documents.order_by("item_no"))
    context: dict[str, Any] = {
        "report": report,
        "documents": documents,
        "steps": report.steps.select_related("by"),
        "can_handle": report.status == IncidentStatus.OPEN and user.has_perm(actions.HANDLE_PERMISSION),
        "cause_form": bound.get("cause_form") or CauseForm(initial={"cause": report.cause}),
        "step_form": bound.get("step_form") or StepForm(documents=documents),
        "close_form": bound.get("close_form") or CloseForm(),
    }
    status = 400 if any(f.errors for f in bound.values()) else 200
    return render(request, "incidents/detail.html", context, status=status)


@login_required
@require_safe
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, incident_get(_user(request), pk))


@login_required
@require_POST
def incident_cause(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    report = incident_get(user, pk)
    form = CauseForm(request.POST)
    if form.is_valid():
        try:
            actions.incident_cause_set(
                report=report, cause=form.cleaned_data["cause"], note=form.cleaned_data["note"], actor=user
            )
        except DomainError as exc:
            exc.add_to(form)
        else:
            return redirect("incidents:detail", pk=report.pk)
    return _detail(request, report, cause_form=form)


@login_required
@require_POST
def incident_step(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    report = incident_get(user, pk)
    form = StepForm(request.POST, documents=list(report.documents.order_by("item_no")))
    if form.is_valid():
        d = form.cleaned_data
        data = actions.StepData(
            kind=d["kind"],
            note=d["note"],
            police_report_no=d["police_report_no"],
            documents=tuple(int(x) for x in d["documents"]),
            original_location=d["original_location"],
        )
        try:
            actions.incident_step_add(report=report, data=data, actor=user)
        except DomainError as exc:
            exc.add_to(form)
        else:
            return redirect("incidents:detail", pk=report.pk)
    return _detail(request, report, step_form=form)


@login_required
@require_POST
def incident_close(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    report = incident_get(user, pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            actions.incident_close(report=report, note=form.cleaned_data["note"], actor=user)
        except DomainError as exc:
            exc.add_to(form)
        else:
            messages.success(request, _("缺损报告已结案"))
            return redirect("incidents:detail", pk=report.pk)
    return _detail(request, report, close_form=form)
