"""The satisfaction survey's analysis report (满意度调查分析报告): coverage, per question, per building, the trend
across the project's campaigns and the written opinions — one structure for the page, the PDF and the workbook."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from yidang.service.models import QuestionKind, SurveyCampaign
from yidang.service.stats import (
    SURVEY_COVERAGE_TARGET,
    Coverage,
    share,
    survey_by_building,
    survey_by_question,
    survey_comments,
    survey_coverage,
    survey_coverage_by_building,
    survey_trend,
)


def percent(value: float | None) -> str:
    """``0.956`` → ``95.6%``; no figure → ``—``."""
    if value is None:
        return "—"
    return f"{value * 100:.1f}".removesuffix(".0") + "%"


def width(value: float | None) -> str:
    """A share as a CSS width (``"37.5%"``), for the bars."""
    return f"{(value or 0) * 100:.1f}%"


@dataclass(frozen=True)
class QuestionRow:
    order: int
    text: str
    kind: str
    answers: int
    satisfied: int
    basic: int
    dissatisfied: int
    satisfaction: float | None
    mean_score: float | None

    @property
    def is_score(self) -> bool:
        return self.kind == QuestionKind.SCORE

    def part(self, count: int) -> str:
        return width(share(count, self.answers))

    @property
    def satisfied_width(self) -> str:
        return self.part(self.satisfied)

    @property
    def basic_width(self) -> str:
        return self.part(self.basic)

    @property
    def dissatisfied_width(self) -> str:
        return self.part(self.dissatisfied)

    @property
    def score_width(self) -> str:
        return width((self.mean_score or 0) / 5)

    @property
    def shown(self) -> str:
        if self.is_score:
            return f"{self.mean_score:.2f}" if self.mean_score is not None else "—"
        return percent(self.satisfaction)


class _Rates:
    """Coverage and satisfaction as shown: a percentage, and the length of a bar (CSS width or height)."""

    coverage: float | None
    satisfaction: float | None

    @property
    def coverage_shown(self) -> str:
        return percent(self.coverage)

    @property
    def satisfaction_shown(self) -> str:
        return percent(self.satisfaction)

    @property
    def coverage_width(self) -> str:
        return width(self.coverage)

    @property
    def satisfaction_width(self) -> str:
        return width(self.satisfaction)


@dataclass(frozen=True)
class BuildingRow(_Rates):
    building: str
    households: int
    answered: int
    coverage: float | None
    satisfaction: float | None

    @property
    def met(self) -> bool:
        return (self.coverage or 0) >= SURVEY_COVERAGE_TARGET


@dataclass(frozen=True)
class TrendRow(_Rates):
    campaign: SurveyCampaign
    coverage: float | None
    satisfaction: float | None
    current: bool


@dataclass(frozen=True)
class SurveyReport:
    campaign: SurveyCampaign
    coverage: Coverage
    overall: float | None  # satisfied + basic among all rating answers
    questions: list[QuestionRow]
    buildings: list[BuildingRow]
    trend: list[TrendRow]
    comments: list[dict[str, Any]]

    @property
    def coverage_shown(self) -> str:
        return percent(self.coverage.rate)

    @property
    def coverage_width(self) -> str:
        return width(min(self.coverage.rate or 0, 1))

    @property
    def overall_shown(self) -> str:
        return percent(self.overall)

    @property
    def target_shown(self) -> str:
        return percent(SURVEY_COVERAGE_TARGET)

    @property
    def target_width(self) -> str:
        return width(SURVEY_COVERAGE_TARGET)


def survey_report(campaign: SurveyCampaign, campaigns: Any) -> SurveyReport:
    """The report of ``campaign``; ``campaigns`` (already scoped to the user) gives its project's trend."""
    questions = [
        QuestionRow(
            order=r["question__order"],
            text=r["question__text"],
            kind=r["question__kind"],
            answers=r["answers"],
            satisfied=r["satisfied"],
            basic=r["basic"],
            dissatisfied=r["dissatisfied"],
            satisfaction=r["satisfaction"],
            mean_score=r["mean_score"],
        )
        for r in survey_by_question(campaign)
    ]
    ratings = [q for q in questions if not q.is_score]
    good, total = sum(q.satisfied + q.basic for q in ratings), sum(q.answers for q in ratings)
    satisfaction = {r["response__room__building__code"]: r["satisfaction"] for r in survey_by_building(campaign)}
    buildings = [
        BuildingRow(r["building"], r["households"], r["answered"], r["rate"], satisfaction.get(r["building"]))
        for r in survey_coverage_by_building(campaign)
    ]
    history = campaigns.filter(project_id=campaign.project_id, starts_on__lte=campaign.starts_on)
    trend = [
        TrendRow(r["campaign"], r["coverage"], r["satisfaction"], r["campaign"].pk == campaign.pk)
        for r in survey_trend(history)
    ]
    return SurveyReport(
        campaign=campaign,
        coverage=survey_coverage(campaign),
        overall=share(good, total),
        questions=questions,
        buildings=buildings,
        trend=trend[-8:],  # four years of half-yearly campaigns
        comments=survey_comments(campaign),
    )
