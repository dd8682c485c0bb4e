"""Actions of the satisfaction survey: open a campaign over the occupied households, record an answer sheet.

Kept apart from ``actions.py`` (tickets) so each module stays short; the same rules hold: one
transaction with its audit row, a DomainError for what the user can fix.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.accounts.queries import project_ids_of
from yidang.audit.actions import Change, audit_record
from yidang.core.errors import DomainError
from yidang.households.models import Occupancy
from yidang.places.models import Room
from yidang.service.models import (
    CampaignStatus,
    QuestionKind,
    Satisfaction,
    SurveyAnswer,
    SurveyCampaign,
    SurveyMethod,
    SurveyQuestion,
    SurveyResponse,
)
from yidang.timeline.actions import timeline_add
from yidang.timeline.models import EventKind

# The questions a new campaign starts with; each campaign's own copy can be edited before answers come in.
DEFAULT_QUESTIONS = [
    ("客服中心服务（接待、咨询、投诉处理）", QuestionKind.RATING),
    ("报修维修服务（及时性、质量）", QuestionKind.RATING),
    ("安全秩序维护", QuestionKind.RATING),
    ("环境卫生保洁", QuestionKind.RATING),
    ("绿化养护", QuestionKind.RATING),
    ("公共设施设备维护", QuestionKind.RATING),
    ("总体满意度", QuestionKind.SCORE),
    ("意见和建议", QuestionKind.TEXT),
]


def occupied_rooms(project_id: int) -> Any:
    """The project's rooms with a current occupancy: the households a campaign must reach."""
    current = Occupancy.objects.filter(end_date__isnull=True).values("room_id")
    return Room.objects.filter(project_id=project_id, pk__in=current)


MAX_QUESTIONS = 30


def _questions_checked(questions: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The questions as given, stripped; refused when there are none, too many, or one is empty or too long."""
    rows = [(text.strip(), kind) for text, kind in questions if text.strip()]
    if not rows:
        raise DomainError(_("调查至少要有一道题目"), field="questions")
    if len(rows) > MAX_QUESTIONS:
        raise DomainError(_("调查最多 %(n)s 道题目") % {"n": MAX_QUESTIONS}, field="questions")
    for i, (text, kind) in enumerate(rows, 1):
        if len(text) > 200:
            raise DomainError(_("第 %(n)s 题超过 200 字") % {"n": i}, field="questions")
        if kind not in QuestionKind.values:
            raise DomainError(_("第 %(n)s 题的题型不正确") % {"n": i}, field="questions")
    if all(kind == QuestionKind.TEXT for _text, kind in rows):
        raise DomainError(_("调查至少要有一道满意度或评分题"), field="questions")
    return rows


def _questions_create(campaign: SurveyCampaign, questions: Sequence[tuple[str, str]]) -> None:
    SurveyQuestion.objects.bulk_create(
        SurveyQuestion(campaign=campaign, order=i, text=text, kind=kind) for i, (text, kind) in enumerate(questions, 1)
    )


@transaction.atomic
def survey_campaign_open(
    *,
    project: Any,
    name: str,
    starts_on: date,
    ends_on: date,
    actor: Any,
    questions: Sequence[tuple[str, str]] | None = None,
) -> SurveyCampaign:
    """A campaign over today's occupied households, with ``questions`` (text, kind) or the default ones."""
    if project.pk not in project_ids_of(actor) or not actor.has_perm("service.handle_ticket"):
        raise DomainError(_("您不能在该项目发起满意度调查"), code="forbidden")
    if not name.strip():
        raise DomainError(_("请填写调查名称"), field="name")
    if ends_on < starts_on:
        raise DomainError(_("结束日期不能早于开始日期"), field="ends_on")
    rows = _questions_checked(DEFAULT_QUESTIONS if questions is None else questions)
    campaign = SurveyCampaign.objects.create(
        project=project,
        name=name.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        household_count=occupied_rooms(project.pk).count(),
        created_by=actor,
    )
    _questions_create(campaign, rows)
    audit_record(
        actor=actor,
        change=Change("survey.open", campaign, after={"households": campaign.household_count}, project_id=project.pk),
    )
    return campaign


def _answer(question: SurveyQuestion, value: str) -> SurveyAnswer:
    value = (value or "").strip()
    if question.kind == QuestionKind.TEXT:
        return SurveyAnswer(question=question, text=value[:500])
    if question.kind == QuestionKind.SCORE:
        if value not in {"1", "2", "3", "4", "5"}:
            raise DomainError(_("第 %(n)s 题请打 1–5 分") % {"n": question.order}, field=f"q{question.pk}")
        return SurveyAnswer(question=question, score=int(value))
    if value not in Satisfaction.values:
        raise DomainError(_("第 %(n)s 题请选择满意程度") % {"n": question.order}, field=f"q{question.pk}")
    return SurveyAnswer(question=question, rating=value)


@transaction.atomic
def survey_response_record(
    *, campaign: SurveyCampaign, room: Room, method: str, respondent: str, answers: Mapping[int, str], actor: Any
) -> SurveyResponse:
    """One household's answer sheet, taken by phone or visit or typed in from paper. One per household."""
    campaign = SurveyCampaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.project_id not in project_ids_of(actor) or not actor.has_perm("service.handle_ticket"):
        raise DomainError(_("您不能录入该项目的调查答卷"), code="forbidden")
    if campaign.status != CampaignStatus.OPEN:
        raise DomainError(_("调查已结束，不能再录入"))
    if room.project_id != campaign.project_id:
        raise DomainError(_("房屋不属于该项目"), field="room")
    if not occupied_rooms(campaign.project_id).filter(pk=room.pk).exists():
        raise DomainError(_("该房屋目前无人入住，不在调查范围内"), field="room")
    if method not in SurveyMethod.values:
        raise DomainError(_("请选择调查方式"), field="method")
    if not respondent.strip():
        raise DomainError(_("请填写受访人"), field="respondent")
    rows = [_answer(q, answers.get(q.pk, "")) for q in campaign.questions.all()]
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                campaign=campaign,
                room=room,
                method=method,
                respondent=respondent.strip()[:50],
                entered_by=actor,
                at=timezone.now(),
            )
    except IntegrityError:
        raise DomainError(_("该户已有本次调查的答卷"), field="room") from None
    for row in rows:
        row.response = response
    SurveyAnswer.objects.bulk_create(rows)
    audit_record(actor=actor, change=Change("survey.response", response, project_id=campaign.project_id))
    timeline_add(
        room_id=room.pk,
        kind=EventKind.SURVEY,
        summary=_("满意度调查：%(c)s") % {"c": campaign.name},
        actor=actor,
        obj=response,
    )
    return response


@transaction.atomic
def survey_campaign_close(*, campaign: SurveyCampaign, actor: Any) -> SurveyCampaign:
    campaign = SurveyCampaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.project_id not in project_ids_of(actor) or not actor.has_perm("service.handle_ticket"):
        raise DomainError(_("您不能结束该调查"), code="forbidden")
    if campaign.status == CampaignStatus.CLOSED:
        raise DomainError(_("调查已结束"))
    campaign.status = CampaignStatus.CLOSED
    campaign.save(update_fields=["status"])
    audit_record(actor=actor, change=Change("survey.close", campaign, project_id=campaign.project_id))
    return campaign


@transaction.atomic
def survey_questions_set(*, campaign: SurveyCampaign, questions: Sequence[tuple[str, str]], actor: Any) -> None:
    """Replace a campaign's questions; only while no answer sheet has come in (answers keep their questions)."""
    campaign = SurveyCampaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.project_id not in project_ids_of(actor) or not actor.has_perm("service.handle_ticket"):
        raise DomainError(_("您不能修改该调查的题目"), code="forbidden")
    if campaign.status != CampaignStatus.OPEN:
        raise DomainError(_("调查已结束，不能修改题目"))
    if campaign.responses.exists():
        raise DomainError(_("已有答卷录入，不能再修改题目"), field="questions")
    rows = _questions_checked(questions)
    before = list(campaign.questions.values_list("text", "kind"))
    campaign.questions.all().delete()
    _questions_create(campaign, rows)
    change = Change(
        "survey.questions",
        campaign,
        before={"questions": before},
        after={"questions": rows},
        project_id=campaign.project_id,
    )
    audit_record(actor=actor, change=change)
