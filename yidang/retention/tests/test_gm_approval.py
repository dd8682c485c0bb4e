"""The general manager answers a destruction list within 5 working days; reminders and today's work."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from yidang.core.errors import DomainError
from yidang.core.todo import todo_for
from yidang.notifications.models import Notification
from yidang.retention import actions
from yidang.retention.models import AppraisalItem, ListStatus
from yidang.retention.tests.flow import submitted, swept

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_the_list_is_due_five_working_days_after_submission_and_the_gm_is_told(papers, world):
    with time_machine.travel(datetime(2026, 9, 29, 10, tzinfo=SHANGHAI), tick=False):  # before the National Day week
        dlist = submitted(world)

    assert (
        dlist.due_at.astimezone(SHANGHAI).date().isoformat() == "2026-10-12"
    )  # 9-30, 10-8, 10-9, 10-10 (make-up Saturday), 10-12
    assert Notification.objects.filter(user=world.gm, key=f"retention.list.{dlist.pk}").exists()


def test_only_the_general_manager_approves_and_a_rejection_needs_a_reason(papers, world):
    dlist = submitted(world)
    for someone in (world.archivist, world.manager, world.supervisor):
        with pytest.raises(DomainError, match="总经理"):
            actions.destruction_list_approve(dlist=dlist, actor=someone)
    with pytest.raises(DomainError, match="审批意见"):
        actions.destruction_list_reject(dlist=dlist, actor=world.gm, note=" ")

    dlist = actions.destruction_list_approve(dlist=dlist, actor=world.gm, note="同意")
    assert dlist.status == ListStatus.APPROVED and dlist.decided_by == world.gm
    with pytest.raises(DomainError, match="不能再审批"):
        actions.destruction_list_approve(dlist=dlist, actor=world.gm)


def test_a_rejected_list_sends_its_papers_back_to_the_next_appraisal(papers, world):
    dlist = submitted(world)
    actions.destruction_list_reject(dlist=dlist, actor=world.gm, note="涉及未结投诉，暂不销毁")

    assert actions.retention_sweep(today=papers.notice.created_at.date().replace(year=2026, month=12, day=4)) == 2
    assert AppraisalItem.objects.filter(decision="").count() == 2


def test_the_gm_is_reminded_once_when_the_deadline_is_a_working_day_away(papers, world):
    with time_machine.travel(datetime(2026, 11, 2, 10, tzinfo=SHANGHAI), tick=False):
        dlist = submitted(world)
    with time_machine.travel(datetime(2026, 11, 3, 10, tzinfo=SHANGHAI), tick=False):
        assert actions.destruction_lists_remind() == 0
    with time_machine.travel(datetime(2026, 11, 8, 10, tzinfo=SHANGHAI), tick=False):
        assert actions.destruction_lists_remind() == 1
        assert actions.destruction_lists_remind() == 0
    assert Notification.objects.filter(user=world.gm, key=f"retention.remind.{dlist.pk}").count() == 1


def test_todays_work_shows_lists_for_the_gm_and_papers_for_the_panel(papers, world):
    appraisal = swept()
    assert ("到期档案待鉴定（件）", 2) in [(i.label, i.count) for i in todo_for(world.supervisor)]
    for item in appraisal.items.all():
        actions.appraisal_item_decide(item=item, decision="destroy", actor=world.manager)
    actions.appraisal_close(appraisal=appraisal, actor=world.manager)

    assert ("销毁清单待审批", 1) in [(i.label, i.count) for i in todo_for(world.gm)]
    assert not [i for i in todo_for(world.assistant) if "销毁" in i.label or "鉴定" in i.label]


def test_an_appraisal_closes_only_when_every_paper_is_decided_and_keep_needs_period_and_reason(papers, world):
    appraisal = swept()
    item = appraisal.items.first()
    assert item is not None
    with pytest.raises(DomainError, match="年限"):
        actions.appraisal_item_decide(item=item, decision="keep", reason="有价值", actor=world.supervisor)
    with pytest.raises(DomainError, match="理由"):
        actions.appraisal_item_decide(item=item, decision="keep", keep_years=5, actor=world.supervisor)
    with pytest.raises(DomainError, match="鉴定小组"):
        actions.appraisal_item_decide(item=item, decision="destroy", actor=world.gm)
    with pytest.raises(DomainError, match="未鉴定"):
        actions.appraisal_close(appraisal=appraisal, actor=world.archivist)
    for i in appraisal.items.all():
        actions.appraisal_item_decide(item=i, decision="keep", keep_years=10, reason="仍需查考", actor=world.supervisor)

    assert actions.appraisal_close(appraisal=appraisal, actor=world.archivist) is None
