"""The survey pages: campaigns with live coverage, opening one, and entering answer sheets fast by household."""

from __future__ import annotations

from datetime import date

import pytest

from yidang.audit.models import AuditEvent
from yidang.service.models import SurveyAnswer, SurveyCampaign, SurveyResponse
from yidang.service.surveys import survey_campaign_open
from yidang.service.tests.page_helpers import sign_in
from yidang.timeline.models import TimelineEvent


@pytest.fixture
def campaign(world):
    return survey_campaign_open(
        project=world.hy,
        name="2026年下半年满意度调查",
        starts_on=date(2026, 11, 1),
        ends_on=date(2026, 12, 31),
        actor=world.supervisor,
    )


def sheet(campaign, rating="satisfied", score="4", method="paper", respondent="张伟"):
    values = {"rating": rating, "score": score, "text": "电梯厅灯常坏"}
    data = {f"q{q.pk}": values[q.kind] for q in campaign.questions.all()}
    return {**data, "method": method, "respondent": respondent}


def test_opening_a_campaign_from_the_page_counts_the_occupied_households(client, world):
    sign_in(client, "supervisor")
    form = client.get("/service/surveys/new/")
    assert form.status_code == 200 and "总体满意度" in form.content.decode()
    response = client.post(
        "/service/surveys/new/",
        {
            "project": world.hy.pk,
            "name": "2027年上半年满意度调查",
            "starts_on": "2027-05-01",
            "ends_on": "2027-06-15",
            "questions": "客服服务\n[评分] 总体满意度\n[意见] 意见和建议",
        },
    )
    campaign = SurveyCampaign.objects.get(name="2027年上半年满意度调查")
    assert response.status_code == 302 and response["Location"] == f"/service/surveys/{campaign.pk}/"
    assert campaign.household_count == 2
    assert list(campaign.questions.values_list("kind", flat=True)) == ["rating", "score", "text"]


def test_a_campaign_without_questions_is_refused_and_nothing_is_written(client, world):
    sign_in(client, "supervisor")
    response = client.post(
        "/service/surveys/new/",
        {"project": world.hy.pk, "name": "x", "starts_on": "2027-05-01", "ends_on": "2027-06-15", "questions": " \n "},
    )
    assert response.status_code == 400 and "至少要有一道题目" in response.content.decode()
    assert not SurveyCampaign.objects.exists()


def test_the_list_shows_each_campaigns_coverage_against_the_target(client, world, campaign):
    SurveyResponse.objects.create(
        campaign=campaign,
        room=world.rooms["hy1503"],
        method="phone",
        respondent="张伟",
        entered_by=world.assistant,
        at=campaign.created_at,
    )
    page = sign_in(client, "assistant").get("/service/surveys/").content.decode()
    assert "2026年下半年满意度调查" in page and "已调查 1 / 2 户" in page and "50%" in page


def test_typing_a_room_number_and_enter_opens_its_answer_sheet(client, world, campaign):
    response = sign_in(client, "assistant").get(f"/service/surveys/{campaign.pk}/", {"find": "1503", "method": "paper"})
    assert response.status_code == 302
    assert response["Location"] == f"/service/surveys/{campaign.pk}/answer/{world.rooms['hy1503'].pk}/?method=paper"


def test_an_answer_sheet_is_recorded_and_lands_on_the_household_timeline(client, world, campaign):
    sign_in(client, "assistant")
    url = f"/service/surveys/{campaign.pk}/answer/{world.rooms['hy1503'].pk}/"
    page = client.get(url).content.decode()
    assert "张伟" in page and "data-keyboard-sheet" in page  # the owner is prefilled as respondent
    response = client.post(url, sheet(campaign))
    assert response.status_code == 302 and response["Location"] == f"/service/surveys/{campaign.pk}/?method=paper"
    answered = SurveyResponse.objects.get(campaign=campaign, room=world.rooms["hy1503"])
    assert answered.method == "paper" and answered.answers.count() == 8
    event = TimelineEvent.objects.get(room=world.rooms["hy1503"], kind="survey")
    assert "2026年下半年满意度调查" in event.summary
    coverage = client.get(f"/service/surveys/{campaign.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'id="answered">1<' in coverage and "50%" in coverage


def test_a_sheet_with_a_question_left_out_is_refused_with_the_question_named(client, world, campaign):
    data = sheet(campaign)
    first = campaign.questions.get(order=1)
    data.pop(f"q{first.pk}")
    before = AuditEvent.objects.filter(action__startswith="survey.").count()
    response = sign_in(client, "assistant").post(
        f"/service/surveys/{campaign.pk}/answer/{world.rooms['hy1503'].pk}/", data
    )
    assert response.status_code == 400 and "第 1 题请选择满意程度" in response.content.decode()
    assert not SurveyResponse.objects.exists() and not SurveyAnswer.objects.exists()
    assert AuditEvent.objects.filter(action__startswith="survey.").count() == before


def test_an_empty_room_is_not_in_the_survey(client, world, campaign):
    response = sign_in(client, "assistant").post(
        f"/service/surveys/{campaign.pk}/answer/{world.rooms['hy0802'].pk}/", sheet(campaign)
    )
    assert response.status_code == 400 and "无人入住" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_another_projects_campaign_is_not_found(client, world, campaign):
    sign_in(client, "jm_assistant")
    assert client.get(f"/service/surveys/{campaign.pk}/").status_code == 404
    assert (
        client.post(f"/service/surveys/{campaign.pk}/answer/{world.rooms['hy1503'].pk}/", sheet(campaign)).status_code
        == 404
    )
    assert "2026年下半年" not in client.get("/service/surveys/").content.decode()


def test_a_worker_cannot_enter_answers(client, world, campaign):
    response = sign_in(client, "engineer").post(
        f"/service/surveys/{campaign.pk}/answer/{world.rooms['hy1503'].pk}/", sheet(campaign)
    )
    assert response.status_code == 403 and not SurveyResponse.objects.exists()


def test_questions_are_edited_until_the_first_answer_comes_in(client, world, campaign):
    sign_in(client, "assistant")
    client.post(f"/service/surveys/{campaign.pk}/questions/", {"questions": "服务态度\n[评分] 总体"})
    assert list(campaign.questions.values_list("text", "kind")) == [("服务态度", "rating"), ("总体", "score")]
    client.post(f"/service/surveys/{campaign.pk}/answer/{world.rooms['hy1503'].pk}/", sheet(campaign))
    client.post(f"/service/surveys/{campaign.pk}/questions/", {"questions": "别的题"})
    assert list(campaign.questions.values_list("text", flat=True)) == ["服务态度", "总体"]


def test_a_closed_campaign_offers_no_entry(client, world, campaign):
    sign_in(client, "supervisor").post(f"/service/surveys/{campaign.pk}/close/")
    campaign.refresh_from_db()
    assert campaign.status == "closed"
    assert 'id="survey-room-q"' not in client.get(f"/service/surveys/{campaign.pk}/").content.decode()
