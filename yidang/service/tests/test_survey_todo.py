"""The home page tells the desk of a running survey whose coverage is still under 95 %, until it gets there."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from yidang.service.queries import todo_for
from yidang.service.surveys import survey_campaign_open, survey_response_record

LINE = "覆盖率未达 95% 的满意度调查"


def line(user) -> int:
    return {item.label: item.count for item in todo_for(user)}[LINE]


def answer(world, campaign, room):
    values = {"rating": "satisfied", "score": "5", "text": ""}
    survey_response_record(
        campaign=campaign,
        room=world.rooms[room],
        method="phone",
        respondent="业主",
        answers={q.pk: values[q.kind] for q in campaign.questions.all()},
        actor=world.assistant,
    )


def test_a_running_survey_below_target_is_on_the_desks_list_until_covered(client, world):
    today = timezone.localdate()
    campaign = survey_campaign_open(
        project=world.hy, name="本期调查", starts_on=today, ends_on=today + timedelta(days=30), actor=world.supervisor
    )
    assert line(world.assistant) == 1
    answer(world, campaign, "hy1503")
    assert line(world.assistant) == 1  # 50 %
    answer(world, campaign, "hy0801")
    assert line(world.assistant) == 0  # 100 %
    assert LINE not in {item.label for item in todo_for(world.engineer)}


def test_a_survey_not_yet_started_or_of_another_project_is_not_counted(world):
    survey_campaign_open(
        project=world.hy, name="下期", starts_on=date(2099, 5, 1), ends_on=date(2099, 6, 1), actor=world.supervisor
    )
    assert line(world.assistant) == 0
    today = timezone.localdate()
    survey_campaign_open(project=world.jm, name="JM", starts_on=today, ends_on=today, actor=world.jm_assistant)
    assert line(world.assistant) == 0 and line(world.jm_assistant) == 1
