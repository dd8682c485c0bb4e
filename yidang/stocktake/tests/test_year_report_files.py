"""The year-end count report for the CS manager: the page, the PDF and the Excel read back, each use logged."""

from __future__ import annotations

from io import BytesIO

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.world import PASSWORD
from yidang.printing.tests.readers import pdf_text
from yidang.stocktake.actions import stocktake_close
from yidang.stocktake.tests.test_seeded_area_count import walk_the_shelves
from yidang.usage.models import UsageRecord


def closed_count(world, area):
    take = stocktake_close(stocktake=walk_the_shelves(world, area), actor=world.archivist)
    assert take.closed_at is not None
    return timezone.localtime(take.closed_at).year


def test_the_manager_prints_the_report_with_the_counts_and_the_differences(client, world, area):
    year = closed_count(world, area)
    client.login(username="manager", password=PASSWORD)
    page = client.get(reverse("stocktake:report", args=["HY", year])).content.decode()
    assert f"{year} 年度档案清点报告" in page and area.folders[7].number in page
    response = client.get(reverse("stocktake:report-pdf", args=["HY", year]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "华苑小区" in text and "年度档案清点报告" in text
    for folder in (area.folders[5], area.folders[6], area.folders[7], area.folders[8], area.folders[9]):
        assert folder.number in text
    assert UsageRecord.objects.filter(user=world.manager, kind="print", project=world.hy).count() == 1


def test_the_excel_has_the_totals_and_one_row_per_difference(client, world, area):
    year = closed_count(world, area)
    client.login(username="manager", password=PASSWORD)
    response = client.get(reverse("stocktake:report-xlsx", args=["HY", year]))
    book = load_workbook(BytesIO(response.content), read_only=True)
    summary = list(book["清点汇总"].iter_rows(values_only=True))
    assert summary[-1][0] == "合计" and summary[-1][4:10] == (10, 5, 3, 2, 0, 1)
    details = list(book["差异明细"].iter_rows(values_only=True))[1:]
    outcomes = sorted(row[0] for row in details)
    assert outcomes == sorted(["在架但错位"] * 3 + ["缺失"] * 2 + ["借出中"])
    assert UsageRecord.objects.filter(user=world.manager, kind="export", project=world.hy).count() == 1


def test_a_year_without_counts_says_so(client, world, area):
    client.login(username="manager", password=PASSWORD)
    page = client.get(reverse("stocktake:report", args=["HY", 2024])).content.decode()
    assert "本年度没有完成的清点" in page
