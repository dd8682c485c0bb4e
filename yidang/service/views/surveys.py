"""满意度调查: the campaigns and their live coverage, opening one, its questions, entering a household's answer
sheet (found as the header search finds households), and the analysis report as a page, PDF and Excel."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from yidang.accounts.queries import project_ids_of, projects_of
from yidang.core.errors import DomainError
from yidang.households.search import search_households
from yidang.places.models import Room
from yidang.printing.actions import printout_record
from yidang.service import surveys
from yidang.service.exports import XLSX, survey_workbook
from yidang.service.models import CampaignStatus, SurveyCampaign, SurveyResponse
from yidang.service.printouts import survey_report_pdf
from yidang.service.queries import campaign_get, campaigns_visible_to
from yidang.service.survey_forms import AnswerForm, CampaignForm, QuestionsForm, questions_text
from yidang.service.survey_report import percent, survey_report, width
from yidang.service.views.common import handle_required, is_htmx, user_of, view_required
from yidang.service.views.printouts import pdf_response
from yidang.service.views.tickets import owner_of
from yidang.usage.actions import usage_record
from yidang.usage.models import UsageKind

ROOMS_SHOWN = 8


@require_GET
@login_required
@view_required
def survey_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    rows = campaigns_visible_to(user).select_related("project").annotate(answered=Count("responses"))
    shown = [
        {
            "campaign": c,
            "rate": percent(c.answered / c.household_count if c.household_count else None),
            "width": width(min(c.answered / c.household_count, 1) if c.household_count else 0),
            "met": c.household_count and c.answered >= c.household_count * surveys_target(),
        }
        for c in rows.order_by("-starts_on", "-pk")[:100]
    ]
    return render(request, "service/surveys/list.html", {"rows": shown, "target": percent(surveys_target())})


def surveys_target() -> float:
    from yidang.service.stats import SURVEY_COVERAGE_TARGET

    return SURVEY_COVERAGE_TARGET


@login_required
@handle_required
def survey_new(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    today = timezone.localdate()
    half = _("上半年") if today.month <= 6 else _("下半年")
    initial = {
        "name": _("%(y)s年%(h)s业主满意度调查") % {"y": today.year, "h": half},
        "starts_on": today,
        "ends_on": today + timedelta(days=30),
        "questions": questions_text(list(surveys.DEFAULT_QUESTIONS)),
    }
    form = CampaignForm(request.POST or None, projects=projects_of(user).order_by("code"), initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            campaign = surveys.survey_campaign_open(
                project=d["project"],
                name=d["name"],
                starts_on=d["starts_on"],
                ends_on=d["ends_on"],
                questions=d["questions"],
                actor=user,
            )
        except DomainError as exc:
            exc.add_to(form)
        else:
            messages.success(request, _("已发起调查，应调查 %(n)s 户") % {"n": campaign.household_count})
            return redirect("service:survey", pk=campaign.pk)
    status = 400 if form.is_bound else 200
    return render(request, "service/surveys/new.html", {"form": form}, status=status)


# ---- one campaign: coverage, entering answer sheets ----------------------------------------------------


def _found(campaign: SurveyCampaign, raw: str) -> dict[str, Any]:
    """The households a query finds in the campaign's project, each with its owner and whether it answered."""
    query = raw.strip()[:50]
    if not query:
        return {"query": "", "rooms": [], "more": 0}
    found = search_households(query, [campaign.project_id], limit=ROOMS_SHOWN)
    ids = [r.pk for r in found.rooms]
    answered = set(SurveyResponse.objects.filter(campaign=campaign, room_id__in=ids).values_list("room_id", flat=True))
    occupied = set(surveys.occupied_rooms(campaign.project_id).filter(pk__in=ids).values_list("pk", flat=True))
    rooms = [(r, owner_of(r), r.pk in answered, r.pk in occupied) for r in found.rooms]
    return {"query": query, "rooms": rooms, "more": found.count - len(rooms)}


def _campaign_context(request: HttpRequest, campaign: SurveyCampaign) -> dict[str, Any]:
    user = user_of(request)
    report = survey_report(campaign, campaigns_visible_to(user))
    can_enter = campaign.status == CampaignStatus.OPEN and user.has_perm("service.handle_ticket")
    recent = campaign.responses.select_related("room", "entered_by").order_by("-at", "-pk")[:10]
    return {
        "campaign": campaign,
        "report": report,
        "can_enter": can_enter,
        "can_edit_questions": can_enter and not report.coverage.answered,
        "questions_form": QuestionsForm(
            initial={"questions": questions_text(list(campaign.questions.values_list("text", "kind")))}
        ),
        "recent": recent,
        "method": request.GET.get("method", ""),
    }


@require_GET
@login_required
@view_required
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_get(user_of(request), pk)
    context = _campaign_context(request, campaign)
    if is_htmx(request):  # the live coverage block refreshing itself
        return render(request, "service/surveys/_coverage.html", context)
    found = _found(campaign, request.GET.get("find", ""))
    fresh = [r for r in found["rooms"] if not r[2] and r[3]]
    if context["can_enter"] and found["query"] and len(found["rooms"]) == 1 and fresh:
        return redirect(_answer_url(campaign, fresh[0][0], request.GET.get("method", "")))
    return render(request, "service/surveys/detail.html", {**context, "found": found})


def _answer_url(campaign: SurveyCampaign, room: Room, method: str) -> str:
    url = reverse("service:survey-answer", args=[campaign.pk, room.pk])
    return f"{url}?method={method}" if method else url


@require_GET
@login_required
@handle_required
def survey_rooms(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_get(user_of(request), pk)
    context = {"campaign": campaign, "found": _found(campaign, request.GET.get("find", "")), "method": ""}
    return render(request, "service/surveys/_rooms.html", {**context, "method": request.GET.get("method", "")})


@login_required
@handle_required
def survey_answer(request: HttpRequest, pk: int, room_pk: int) -> HttpResponse:
    """One household's answer sheet: typed from paper, or taken by phone or visit."""
    user = user_of(request)
    campaign = campaign_get(user, pk)
    room = Room.objects.select_related("building").filter(pk=room_pk, project_id__in=project_ids_of(user)).first()
    if room is None:
        raise Http404("没有找到该房屋")
    owner = owner_of(_with_occupants(room))
    initial = {"method": request.GET.get("method") or "phone", "respondent": owner.name if owner else ""}
    form = AnswerForm(request.POST or None, campaign=campaign, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            surveys.survey_response_record(
                campaign=campaign,
                room=room,
                method=form.cleaned_data["method"],
                respondent=form.cleaned_data["respondent"],
                answers=form.answers(),
                actor=user,
            )
        except DomainError as exc:
            exc.add_to(form)
        else:
            messages.success(request, _("已录入 %(r)s 的答卷，请查找下一户") % {"r": room.code})
            return redirect(reverse("service:survey", args=[campaign.pk]) + f"?method={form.cleaned_data['method']}")
    answered = SurveyResponse.objects.filter(campaign=campaign, room=room).first()
    context = {"campaign": campaign, "room": room, "owner": owner, "form": form, "answered": answered}
    return render(request, "service/surveys/answer.html", context, status=400 if form.is_bound else 200)


def _with_occupants(room: Room) -> Room:
    from yidang.households.search import current_occupancies_prefetch

    return Room.objects.prefetch_related(current_occupancies_prefetch()).get(pk=room.pk)


@require_POST
@login_required
@handle_required
def survey_questions(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_get(user_of(request), pk)
    form = QuestionsForm(request.POST)
    form.is_valid()
    try:
        surveys.survey_questions_set(campaign=campaign, questions=form.cleaned_data["questions"], actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("题目已保存"))
    return redirect("service:survey", pk=campaign.pk)


@require_POST
@login_required
@handle_required
def survey_close(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_get(user_of(request), pk)
    try:
        surveys.survey_campaign_close(campaign=campaign, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("调查已结束"))
    return redirect("service:survey", pk=campaign.pk)


# ---- the analysis report ---------------------------------------------------------------------------------


@require_GET
@login_required
@view_required
def survey_report_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    campaign = campaign_get(user, pk)
    report = survey_report(campaign, campaigns_visible_to(user))
    return render(request, "service/surveys/report.html", {"campaign": campaign, "report": report})


def _record(request: HttpRequest, campaign: SurveyCampaign, kind: str, what: str) -> None:
    action = "print.survey_report" if kind == UsageKind.PRINT else "export.survey_report"
    printout_record(actor=request.user, action=action, obj=campaign, project_id=campaign.project_id)
    usage_record(user=request.user, kind=kind, project_id=campaign.project_id, what=what)


@require_GET
@login_required
@view_required
def survey_report_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    campaign = campaign_get(user, pk)
    body = survey_report_pdf(survey_report(campaign, campaigns_visible_to(user)), user)
    _record(request, campaign, UsageKind.PRINT, _("满意度调查分析报告 %(c)s") % {"c": campaign.name})
    return pdf_response(body, f"满意度调查分析报告-{campaign.project.code}-{campaign.pk}.pdf")


@require_GET
@login_required
@view_required
def survey_report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    campaign = campaign_get(user, pk)
    body = survey_workbook(survey_report(campaign, campaigns_visible_to(user)))
    _record(request, campaign, UsageKind.EXPORT, _("满意度调查分析（Excel）%(c)s") % {"c": campaign.name})
    return pdf_response(body, f"满意度调查分析-{campaign.project.code}-{campaign.pk}.xlsx", XLSX)
