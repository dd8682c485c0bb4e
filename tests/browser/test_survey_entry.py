"""Entering a paper answer sheet by keyboard alone, in Chromium; and the survey, report and statistics pages as
users see them (desktop and phone, into test-artifacts/screens/, each failing if it scrolls sideways).

The assistant types the room number and Enter (the household search opens the sheet when it finds one
household), then one digit per question — 1 满意, 2 基本满意, 3 不满意, a score 1–5 — and Enter saves.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.plugin import DESKTOP, PHONE, open_page
from tests.browser.screenshots import shoot
from yidang.service import actions
from yidang.service.models import SurveyResponse
from yidang.service.surveys import survey_campaign_open, survey_response_record
from yidang.service.tests.helpers import complaint, repair
from yidang.service.tests.page_helpers import completed, returned

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_campaign(world):
    today = timezone.localdate()
    earlier = survey_campaign_open(
        project=world.hy,
        name="上期满意度调查",
        starts_on=today - timedelta(days=200),
        ends_on=today - timedelta(days=150),
        actor=world.supervisor,
    )
    values = {"rating": "basic", "score": "3", "text": "楼道灯不亮"}
    survey_response_record(
        campaign=earlier,
        room=world.rooms["hy0801"],
        method="visit",
        respondent="欧阳娜娜",
        answers={q.pk: values[q.kind] for q in earlier.questions.all()},
        actor=world.assistant,
    )
    return survey_campaign_open(
        project=world.hy,
        name="本期满意度调查",
        starts_on=today,
        ends_on=today + timedelta(days=30),
        actor=world.supervisor,
    )


def test_a_paper_sheet_is_typed_in_by_keyboard_alone(browser, request, live_server, world, login):
    campaign = open_campaign(world)
    page = open_page(browser, request, DESKTOP)
    login(page, "assistant")
    page.goto(f"{live_server.url}/service/surveys/{campaign.pk}/?method=paper")
    expect(page.locator("#survey-room-q")).to_be_focused()
    page.keyboard.type("1503")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/answer/{world.rooms['hy1503'].pk}/?method=paper")
    expect(page.locator("#id_method_2")).to_be_checked()  # 纸质问卷录入, carried from the campaign page
    shoot(page, "survey-03-answer", "desktop")
    for key in "121113":  # six rating questions
        page.keyboard.press(key)
    page.keyboard.press("4")  # the score
    page.keyboard.type("希望增加快递柜")  # the opinion field has the focus now
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/surveys/{campaign.pk}/?method=paper")
    expect(page.locator("#answered")).to_have_text("1")
    sheet = SurveyResponse.objects.get(campaign=campaign, room=world.rooms["hy1503"])
    got = {a.question.order: a.rating or a.score or a.text for a in sheet.answers.select_related("question")}
    assert got == {
        1: "satisfied",
        2: "basic",
        3: "satisfied",
        4: "satisfied",
        5: "satisfied",
        6: "dissatisfied",
        7: 4,
        8: "希望增加快递柜",
    }
    assert sheet.method == "paper" and sheet.respondent == "张伟"


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_survey_and_statistics_pages_fit_the_screen(browser, request, live_server, world, login, size):
    campaign = open_campaign(world)
    values = {"rating": "satisfied", "score": "5", "text": "无"}
    survey_response_record(
        campaign=campaign,
        room=world.rooms["hy1503"],
        method="phone",
        respondent="张伟",
        answers={q.pk: values[q.kind] for q in campaign.questions.all()},
        actor=world.assistant,
    )
    repair(world)
    repair(world, cat="停水")
    done = completed(world)
    ticket = returned(world)
    actions.callback_record(
        callback=ticket.callbacks.get(), method="visit", result="satisfied", comment="", actor=world.assistant
    )
    actions.ticket_close(ticket=ticket, actor=world.assistant)
    actions.ticket_reject(ticket=complaint(world), explanation="系正常施工时段", actor=world.assistant)
    page = open_page(browser, request, DESKTOP if size == "desktop" else PHONE)
    login(page, "supervisor")
    shots = [
        ("survey-01-list", "/service/surveys/"),
        ("survey-02-campaign", f"/service/surveys/{campaign.pk}/?find=80"),
        ("survey-03-answer", f"/service/surveys/{campaign.pk}/answer/{world.rooms['hy0801'].pk}/"),
        ("survey-04-report", f"/service/surveys/{campaign.pk}/report/"),
        ("survey-05-new", "/service/surveys/new/"),
        ("stats-01-repairs", "/service/stats/"),
        ("stats-02-register", "/service/stats/?report=register"),
        ("stats-03-complaints", "/service/stats/?report=complaints"),
        ("stats-04-sla", "/service/stats/?report=sla"),
        ("ticket-closed-print", f"/service/{ticket.pk}/"),
        ("ticket-confirm-code", f"/service/{done.pk}/"),
    ]
    for name, path in shots:
        page.goto(f"{live_server.url}{path}")
        shoot(page, name, size)
