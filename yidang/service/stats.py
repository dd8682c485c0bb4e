"""Figures of the service desk, aggregated in the database and scoped by the caller's queryset.

Each function takes an already-scoped queryset (``tickets_visible_to(user)`` and friends), so the
visibility rule stays in one place and these stay plain GROUP BYs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth

from yidang.service.models import (
    Callback,
    CallbackMethod,
    QuestionKind,
    Satisfaction,
    SlaClock,
    SurveyAnswer,
    SurveyCampaign,
    Ticket,
)

# Targets of the company rules (DOMAIN.md): callback on every ticket, ≥ 70 % by visit, ≥ 95 % satisfied.
CALLBACK_RATE_TARGET = 1.0
VISIT_SHARE_TARGET = 0.70
SATISFACTION_TARGET = 0.95
SURVEY_COVERAGE_TARGET = 0.95


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class CallbackFigures:
    due: int  # callbacks created (slips back)
    done: int
    visits: int
    satisfied: int  # satisfied + basically satisfied

    @property
    def callback_rate(self) -> float | None:
        return share(self.done, self.due)

    @property
    def visit_share(self) -> float | None:
        return share(self.visits, self.done)

    @property
    def satisfaction(self) -> float | None:
        return share(self.satisfied, self.done)


def callback_figures(callbacks: QuerySet[Callback]) -> CallbackFigures:
    """Callback rate, visit share and satisfaction over the given callbacks (one query)."""
    row = callbacks.aggregate(
        due=Count("pk"),
        done=Count("pk", filter=Q(done_at__isnull=False)),
        visits=Count("pk", filter=Q(done_at__isnull=False, method__in=[CallbackMethod.VISIT, CallbackMethod.ON_SITE])),
        satisfied=Count("pk", filter=Q(result__in=[Satisfaction.SATISFIED, Satisfaction.BASIC])),
    )
    return CallbackFigures(**row)


def tickets_by(tickets: QuerySet[Ticket], *fields: str) -> list[dict[str, Any]]:
    """Counts of tickets grouped by fields (``category__name``, ``kind``, ``status``…), open and closed."""
    return list(
        tickets.values(*fields)
        .annotate(total=Count("pk"), closed=Count("pk", filter=Q(status="closed")))
        .order_by(*fields)
    )


def tickets_by_month(tickets: QuerySet[Ticket]) -> list[dict[str, Any]]:
    rows: Any = (
        tickets.annotate(month=TruncMonth("registered_at"))
        .values("month", "kind")
        .annotate(total=Count("pk"), closed=Count("pk", filter=Q(status="closed")))
        .order_by("month", "kind")
    )
    return list(rows)


def sla_compliance(clocks: QuerySet[SlaClock], by: str) -> list[dict[str, Any]]:
    """Clocks settled on time vs breached, grouped by ``ticket__department``, ``ticket__category__name`` or month."""
    if by == "month":
        clocks = clocks.annotate(month=TruncMonth("started_at"))
        by = "month"
    rows = (
        clocks.values(by)
        .annotate(
            total=Count("pk", filter=Q(stopped_at__isnull=False) | Q(breached_at__isnull=False)),
            breached=Count("pk", filter=Q(breached_at__isnull=False)),
        )
        .order_by(by)
    )
    return [
        dict(r, on_time=r["total"] - r["breached"], rate=share(r["total"] - r["breached"], r["total"])) for r in rows
    ]


@dataclass(frozen=True)
class Coverage:
    households: int
    answered: int

    @property
    def rate(self) -> float | None:
        return share(self.answered, self.households)

    @property
    def met(self) -> bool:
        return (self.rate or 0) >= SURVEY_COVERAGE_TARGET


def survey_coverage(campaign: SurveyCampaign) -> Coverage:
    return Coverage(households=campaign.household_count, answered=campaign.responses.count())


def survey_coverage_by_building(campaign: SurveyCampaign) -> list[dict[str, Any]]:
    """Per building: the occupied households today and how many answered (two GROUP BYs)."""
    from yidang.service.surveys import occupied_rooms

    households = dict(
        occupied_rooms(campaign.project_id).values_list("building__code").annotate(n=Count("pk")).order_by()
    )
    answered = dict(campaign.responses.values_list("room__building__code").annotate(n=Count("pk")).order_by())
    codes = sorted(set(households) | set(answered))
    return [
        {
            "building": code,
            "households": households.get(code, 0),
            "answered": answered.get(code, 0),
            "rate": share(answered.get(code, 0), households.get(code, 0)),
        }
        for code in codes
    ]


def survey_comments(campaign: SurveyCampaign, limit: int = 200) -> list[dict[str, Any]]:
    """The written opinions (意见和建议) of a campaign, newest first, with the household they came from."""
    rows: Any = (
        SurveyAnswer.objects.filter(response__campaign=campaign, question__kind=QuestionKind.TEXT)
        .exclude(text="")
        .exclude(text__in=["无", "没有", "暂无"])
        .values("text", "question__text", "response__room__code", "response__at")
        .order_by("-response__at", "-pk")
    )
    return list(rows[:limit])


def survey_by_question(campaign: SurveyCampaign) -> list[dict[str, Any]]:
    """Per question: answers, satisfied / basic / dissatisfied counts, satisfaction share, mean score."""
    from django.db.models import Avg

    rows = (
        SurveyAnswer.objects.filter(response__campaign=campaign)
        .exclude(question__kind=QuestionKind.TEXT)
        .values("question_id", "question__order", "question__text", "question__kind")
        .annotate(
            answers=Count("pk"),
            satisfied=Count("pk", filter=Q(rating=Satisfaction.SATISFIED)),
            basic=Count("pk", filter=Q(rating=Satisfaction.BASIC)),
            dissatisfied=Count("pk", filter=Q(rating=Satisfaction.DISSATISFIED)),
            mean_score=Avg("score"),
        )
        .order_by("question__order")
    )
    return [dict(r, satisfaction=share(r["satisfied"] + r["basic"], r["answers"])) for r in rows]


def survey_by_building(campaign: SurveyCampaign) -> list[dict[str, Any]]:
    """Per building: households answered and the share of satisfied + basic among rating answers."""
    rows = (
        SurveyAnswer.objects.filter(response__campaign=campaign, question__kind=QuestionKind.RATING)
        .values("response__room__building__code")
        .annotate(
            households=Count("response", distinct=True),
            ratings=Count("pk"),
            good=Count("pk", filter=Q(rating__in=[Satisfaction.SATISFIED, Satisfaction.BASIC])),
        )
        .order_by("response__room__building__code")
    )
    return [dict(r, satisfaction=share(r["good"], r["ratings"])) for r in rows]


def survey_trend(campaigns: QuerySet[SurveyCampaign]) -> list[dict[str, Any]]:
    """Each campaign's coverage and overall satisfaction, oldest first: the trend across half-years."""
    rows = campaigns.annotate(
        answered=Count("responses", distinct=True),
        ratings=Count("responses__answers", filter=Q(responses__answers__question__kind=QuestionKind.RATING)),
        good=Count(
            "responses__answers",
            filter=Q(
                responses__answers__question__kind=QuestionKind.RATING,
                responses__answers__rating__in=[Satisfaction.SATISFIED, Satisfaction.BASIC],
            ),
        ),
    ).order_by("starts_on")
    return [
        {
            "campaign": c,
            "coverage": share(c.answered, c.household_count),
            "satisfaction": share(c.good, c.ratings),
        }
        for c in rows
    ]
