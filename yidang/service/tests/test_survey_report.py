"""The survey analysis report — per question, per building, the trend — as a page, a PDF and a workbook;
printing and exporting it are recorded in the usage ledger."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from yidang.printing.tests.readers import pdf_text
from yidang.service.surveys import survey_campaign_open, survey_response_record
from yidang.service.tests.page_helpers import sign_in
from yidang.usage.models import UsageKind, UsageRecord


def answers(campaign, rating, score, text="无"):
    values = {"rating": rating, "score": score, "text": text}
    return {q.pk: values[q.kind] for q in campaign.questions.all()}


@pytest.fixture
def campaigns(world):
    earlier = survey_campaign_open(
        project=world.hy,
        name="2026年上半年满意度调查",
        starts_on=date(2026, 5, 1),
        ends_on=date(2026, 6, 30),
        actor=world.supervisor,
    )
    survey_response_record(
        campaign=earlier,
        room=world.rooms["hy1503"],
        method="phone",
        respondent="张伟",
        answers=answers(earlier, "dissatisfied", "2"),
        actor=world.assistant,
    )
    later = survey_campaign_open(
        project=world.hy,
        name="2026年下半年满意度调查",
        starts_on=date(2026, 11, 1),
        ends_on=date(2026, 12, 31),
        actor=world.supervisor,
    )
    survey_response_record(
        campaign=later,
        room=world.rooms["hy1503"],
        method="visit",
        respondent="张伟",
        answers=answers(later, "satisfied", "5", "希望增加快递柜"),
        actor=world.assistant,
    )
    survey_response_record(
        campaign=later,
        room=world.rooms["hy0801"],
        method="paper",
        respondent="欧阳娜娜",
        answers=answers(later, "basic", "4"),
        actor=world.assistant,
    )
    return earlier, later


def test_the_report_page_shows_questions_buildings_trend_and_opinions(client, world, campaigns):
    _earlier, later = campaigns
    page = sign_in(client, "gm").get(f"/service/surveys/{later.pk}/report/").content.decode()
    assert "100%" in page  # coverage 2 / 2 and satisfaction (satisfied + basic) 2 / 2
    assert 'id="question-7"' in page and "4.50" in page  # 总体满意度, mean of 5 and 4
    assert 'id="building-A2"' in page and 'id="building-B1"' in page
    assert "2026-05" in page and "2026-11" in page  # the trend holds both half-years
    assert "希望增加快递柜" in page


def test_the_pdf_reads_the_same_figures_and_is_recorded_as_a_printout(client, world, campaigns):
    _earlier, later = campaigns
    response = sign_in(client, "supervisor").get(f"/service/surveys/{later.pk}/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "满意度调查分析报告" in text and "2026年下半年满意度调查" in text
    assert "4.50" in text and "希望增加快递柜" in text and "已达标" in text
    use = UsageRecord.objects.get(kind=UsageKind.PRINT)
    assert use.project_id == world.hy.pk and use.what.startswith("满意度调查分析报告")


def test_the_workbook_has_a_sheet_per_view_with_real_percentages(client, world, campaigns):
    earlier, later = campaigns
    response = sign_in(client, "supervisor").get(f"/service/surveys/{later.pk}/report.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["概况", "按题目", "按楼栋", "历次趋势", "意见建议"]
    overview = {row[0]: row[1] for row in book["概况"].iter_rows(min_row=2, values_only=True)}
    assert overview["覆盖率"] == 1.0 and overview["已调查户数"] == 2
    first = next(book["按题目"].iter_rows(min_row=2, max_row=2, values_only=True))
    assert first[2:7] == (2, 1, 1, 0, 1.0)
    trend = [row for row in book["历次趋势"].iter_rows(min_row=2, values_only=True)]
    assert [(r[0], r[3]) for r in trend] == [(earlier.name, 0.0), (later.name, 1.0)]
    assert UsageRecord.objects.filter(kind=UsageKind.EXPORT, project=world.hy).count() == 1


def test_another_projects_report_is_not_found_and_records_nothing(client, world, campaigns):
    _earlier, later = campaigns
    sign_in(client, "jm_assistant")
    for suffix in ("report/", "report.pdf", "report.xlsx"):
        assert client.get(f"/service/surveys/{later.pk}/{suffix}").status_code == 404
    assert not UsageRecord.objects.exists()
