"""A month's uses are counted by kind, purpose, department and archive category (GROUP BY in the
database), shown with bars whose counts tests can read, traced over 12 months and exported to Excel."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from yidang.usage.actions import usage_record
from yidang.usage.models import UsageKind, UsageRecord
from yidang.usage.queries import month_add, month_start, this_month, usage_monthly


@pytest.fixture
def month_of_uses(world, archive, document):
    """This month: 3 file views, 2 downloads (one by engineering), 1 print; last month: 4 views."""
    for _ in range(3):
        usage_record(user=world.assistant, kind=UsageKind.VIEW_FILE, archive=archive)
    usage_record(user=world.supervisor, kind=UsageKind.DOWNLOAD, archive=archive, document=document, purpose="核对过户")
    usage_record(user=world.engineer, kind=UsageKind.DOWNLOAD, archive=archive, document=document, purpose="装修审核")
    usage_record(user=world.archivist, kind=UsageKind.PRINT, archive=archive, purpose="核对过户")
    last = month_start(month_add(this_month(), -1)) + timedelta(days=2)
    for _ in range(4):
        row = usage_record(user=world.assistant, kind=UsageKind.VIEW_FILE, archive=archive)
        UsageRecord.objects.filter(pk=row.pk).update(at=last)


def _by(bars):
    return {b.label: b.count for b in bars}


def test_the_month_is_counted_by_kind_purpose_department_and_category(world, month_of_uses):
    m = usage_monthly(world.supervisor)

    assert m.total == 6
    assert {b.key: b.count for b in m.by_kind} == {
        "view_file": 3,
        "view_document": 0,
        "download": 2,
        "print": 1,
        "export": 0,
        "copy": 0,
        "reveal_id": 0,
        "loan": 0,
    }
    assert _by(m.by_purpose) == {"未填写（本部门日常工作）": 3, "核对过户": 2, "装修审核": 1}
    assert _by(m.by_department) == {"客服部": 5, "工程部": 1}
    assert _by(m.by_category) == {"整份档案 / 不分类别": 4, "入伙资料": 2}


def test_last_month_is_its_own_month_and_the_trend_has_twelve(world, month_of_uses):
    previous = month_add(this_month(), -1)

    assert usage_monthly(world.supervisor, previous).total == 4
    trend = usage_monthly(world.supervisor).trend
    assert len(trend) == 12
    assert [b.count for b in trend[-2:]] == [4, 6]
    assert trend[-1].key == f"{this_month():%Y-%m}"


def test_the_page_shows_each_count_under_a_stable_id(client, world, month_of_uses):
    client.force_login(world.supervisor)

    body = client.get(reverse("usage:monthly")).content.decode()

    def count(element_id):
        found = re.search(rf'id="{element_id}"[^>]*>(\d+)<', body)
        assert found, element_id
        return int(found[1])

    assert count("usage-count-view_file") == 3
    assert count("usage-count-download") == 2
    assert count("usage-count-reveal_id") == 0
    assert count("usage-total") == 6
    assert 'data-label="工程部"' in body
    assert f'id="usage-trend-{this_month():%Y-%m}" data-count="6"' in body
    assert "cdn" not in body.lower()


def test_another_month_is_chosen_by_its_year_and_month(client, world, month_of_uses):
    client.force_login(world.supervisor)
    previous = month_add(this_month(), -1)

    body = client.get(reverse("usage:monthly"), {"month": f"{previous:%Y-%m}"}).content.decode()

    assert re.search(r'id="usage-count-view_file"[^>]*>4<', body)
    assert client.get(reverse("usage:monthly"), {"month": "2026-13"}).status_code == 200  # a bad month: this month


def test_the_excel_export_has_one_sheet_per_breakdown(client, world, month_of_uses):
    client.force_login(world.gm)

    response = client.get(reverse("usage:monthly-export"))

    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["按利用方式", "按目的", "按部门", "按档案类别", "近12个月"]
    kinds = {row[0]: row[1] for row in book["按利用方式"].iter_rows(min_row=3, values_only=True)}
    assert (kinds["查阅档案"], kinds["下载扫描件"], kinds["合计"]) == (3, 2, 6)
    departments = {row[0]: row[1] for row in book["按部门"].iter_rows(min_row=3, values_only=True)}
    assert departments["工程部"] == 1
