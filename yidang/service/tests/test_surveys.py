"""A satisfaction survey covers the occupied households once each; coverage and satisfaction are counted live."""

from __future__ import annotations

from datetime import date

import pytest

from yidang.core.errors import DomainError
from yidang.service.models import SurveyCampaign
from yidang.service.stats import survey_by_building, survey_by_question, survey_coverage, survey_trend
from yidang.service.surveys import survey_campaign_close, survey_campaign_open, survey_response_record
from yidang.timeline.models import TimelineEvent


@pytest.fixture
def campaign(world):
    return survey_campaign_open(
        project=world.hy,
        name="2026年下半年满意度调查",
        starts_on=date(2026, 11, 1),
        ends_on=date(2026, 12, 15),
        actor=world.supervisor,
    )


def answers_all(campaign, rating="satisfied", score="5"):
    values = {"rating": rating, "score": score, "text": "无"}
    return {q.pk: values[q.kind] for q in campaign.questions.all()}


def test_a_campaign_counts_the_occupied_households_and_starts_with_the_default_questions(campaign):
    assert campaign.household_count == 2  # 1503 and 801 are occupied, 802 is empty
    assert campaign.questions.count() == 8


def test_coverage_moves_with_each_answer_sheet(world, campaign):
    survey_response_record(
        campaign=campaign,
        room=world.rooms["hy1503"],
        method="phone",
        respondent="张伟",
        answers=answers_all(campaign),
        actor=world.assistant,
    )
    coverage = survey_coverage(campaign)
    assert (coverage.answered, coverage.rate, coverage.met) == (1, 0.5, False)


def test_a_household_answers_a_campaign_once(world, campaign):
    args = dict(
        campaign=campaign, room=world.rooms["hy1503"], method="visit", respondent="张伟", answers=answers_all(campaign)
    )
    survey_response_record(**args, actor=world.assistant)
    with pytest.raises(DomainError, match="已有"):
        survey_response_record(**args, actor=world.assistant)


def test_a_missing_rating_names_the_question(world, campaign):
    answers = answers_all(campaign)
    first = campaign.questions.get(order=1)
    answers[first.pk] = ""
    with pytest.raises(DomainError, match="第 1 题"):
        survey_response_record(
            campaign=campaign,
            room=world.rooms["hy1503"],
            method="paper",
            respondent="张伟",
            answers=answers,
            actor=world.assistant,
        )


def test_answers_are_analysed_per_question_and_per_building(world, campaign):
    survey_response_record(
        campaign=campaign,
        room=world.rooms["hy1503"],
        method="phone",
        respondent="张伟",
        answers=answers_all(campaign),
        actor=world.assistant,
    )
    survey_response_record(
        campaign=campaign,
        room=world.rooms["hy0801"],
        method="visit",
        respondent="欧阳娜娜",
        answers=answers_all(campaign, rating="dissatisfied", score="2"),
        actor=world.assistant,
    )
    first = survey_by_question(campaign)[0]
    assert (first["answers"], first["satisfied"], first["dissatisfied"], first["satisfaction"]) == (2, 1, 1, 0.5)
    assert survey_by_question(campaign)[-1]["mean_score"] == 3.5
    by_building = {r["response__room__building__code"]: r["satisfaction"] for r in survey_by_building(campaign)}
    assert by_building == {"A2": 1.0, "B1": 0.0}
    assert survey_trend(SurveyCampaign.objects.all())[0]["coverage"] == 1.0


def test_each_answer_sheet_lands_on_the_household_timeline(world, campaign):
    survey_response_record(
        campaign=campaign,
        room=world.rooms["hy1503"],
        method="phone",
        respondent="张伟",
        answers=answers_all(campaign),
        actor=world.assistant,
    )
    assert TimelineEvent.objects.filter(room=world.rooms["hy1503"], kind="survey").count() == 1


def test_a_closed_campaign_takes_no_more_answers(world, campaign):
    survey_campaign_close(campaign=campaign, actor=world.supervisor)
    with pytest.raises(DomainError, match="已结束"):
        survey_response_record(
            campaign=campaign,
            room=world.rooms["hy1503"],
            method="phone",
            respondent="张伟",
            answers=answers_all(campaign),
            actor=world.assistant,
        )


def test_an_engineer_cannot_open_a_campaign(world):
    with pytest.raises(DomainError):
        survey_campaign_open(
            project=world.hy, name="x", starts_on=date(2026, 11, 1), ends_on=date(2026, 11, 2), actor=world.engineer
        )
