"""An inspection plan per project and year, approved by the CS manager only with at least two checks."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from yidang.core.errors import DomainError
from yidang.inspections.actions import (
    inspection_plan_approve,
    inspection_plan_check_add,
    inspection_plan_create,
    inspection_sample_draw,
)
from yidang.inspections.models import InspectionPlan, PlanStatus
from yidang.inspections.queries import plan_progress
from yidang.inspections.tests.conftest import local


@pytest.fixture
def plan(world) -> InspectionPlan:
    return inspection_plan_create(project=world.hy, year=2027, actor=world.supervisor)


def _add(world, plan, month: int, kind: str = "sample") -> None:
    inspection_plan_check_add(plan=plan, month=month, kind=kind, scope="全部楼栋", actor=world.supervisor)


def test_a_plan_with_fewer_than_two_checks_is_refused(world, plan):
    _add(world, plan, 6)
    with pytest.raises(DomainError, match="至少 2 次"):
        inspection_plan_approve(plan=plan, actor=world.manager)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT and plan.approved_by is None


def test_a_plan_with_two_checks_is_approved_by_the_manager(world, plan):
    _add(world, plan, 6)
    _add(world, plan, 12, "full")
    inspection_plan_approve(plan=plan, actor=world.manager)
    plan.refresh_from_db()
    assert (plan.status, plan.approved_by) == (PlanStatus.APPROVED, world.manager)


def test_the_minimum_is_a_setting_of_at_least_two(world, plan, settings):
    settings.YIDANG_INSPECTION_PLAN_MIN_CHECKS = 3
    _add(world, plan, 3)
    _add(world, plan, 9)
    with pytest.raises(DomainError, match="至少 3 次"):
        inspection_plan_approve(plan=plan, actor=world.manager)


@pytest.mark.parametrize("who", ["supervisor", "archivist", "gm"])
def test_only_the_cs_manager_approves(world, plan, who):
    _add(world, plan, 6)
    _add(world, plan, 12)
    with pytest.raises(DomainError, match="客服经理批准"):
        inspection_plan_approve(plan=plan, actor=world.users[who])


def test_an_approved_plan_is_not_changed_and_a_year_has_one_plan(world, plan):
    _add(world, plan, 6)
    _add(world, plan, 12)
    inspection_plan_approve(plan=plan, actor=world.manager)
    with pytest.raises(DomainError, match="不能再修改"):
        _add(world, plan, 9)
    with pytest.raises(DomainError, match="已存在"):
        inspection_plan_create(project=world.hy, year=2027, actor=world.supervisor)


@pytest.mark.parametrize(("month", "kind", "scope"), [(13, "sample", "x"), (6, "bogus", "x"), (6, "full", " ")])
def test_bad_checks_are_refused(world, plan, month, kind, scope):
    with pytest.raises(DomainError):
        inspection_plan_check_add(plan=plan, month=month, kind=kind, scope=scope, actor=world.supervisor)
    assert not plan.checks.exists()


def test_each_planned_check_shows_the_inspection_of_its_kind_started_in_its_month(world):
    this_year = timezone.localdate().year
    plan = inspection_plan_create(project=world.hy, year=this_year, actor=world.supervisor)
    _add(world, plan, 1, "sample")  # carried out below
    _add(world, plan, 1, "full")  # a full check was planned in January too, and none was started
    _add(world, plan, 12, "sample")  # December: not yet, or overdue on 31 December only after it
    drawn = inspection_sample_draw(project=world.hy, actor=world.supervisor, seed=1, at=local(this_year, 1, 20, 10))
    inspection_sample_draw(
        project=world.hy, actor=world.supervisor, seed=2, at=local(this_year, 7, 3, 10)
    )  # no July check
    progress = plan_progress(plan, today=date(this_year, 6, 1))
    assert [(p.check.month, p.check.kind, p.inspection, p.overdue) for p in progress] == [
        (1, "sample", drawn, False),
        (1, "full", None, True),
        (12, "sample", None, False),
    ]


def test_the_plan_page_links_the_inspection_and_marks_an_overdue_check(client, world):
    last_year = timezone.localdate().year - 1
    plan = inspection_plan_create(project=world.hy, year=last_year, actor=world.supervisor)
    _add(world, plan, 3)
    _add(world, plan, 9)
    drawn = inspection_sample_draw(project=world.hy, actor=world.supervisor, seed=1, at=local(last_year, 3, 2, 10))
    client.force_login(world.supervisor)
    body = client.get(reverse("inspections:plan", args=[plan.pk])).content.decode()
    assert reverse("inspections:detail", args=[drawn.pk]) in body
    assert body.count("已逾期") == 1  # September's, last year
