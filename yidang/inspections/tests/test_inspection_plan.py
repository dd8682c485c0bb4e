"""An inspection plan per project and year, approved by the CS manager only with at least two checks."""

from __future__ import annotations

import pytest

from yidang.core.errors import DomainError
from yidang.inspections.actions import inspection_plan_approve, inspection_plan_check_add, inspection_plan_create
from yidang.inspections.models import InspectionPlan, PlanStatus


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
