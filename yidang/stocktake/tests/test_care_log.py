"""The storage-care log: weekly walks and monthly full checks, findings and follow-up, reminders when due."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from tests.world import PASSWORD
from yidang.audit.models import AuditEvent
from yidang.core.errors import DomainError
from yidang.core.todo import todo_for
from yidang.notifications.models import Notification
from yidang.stocktake.actions import CareCheckData, care_check_record, care_check_resolve
from yidang.stocktake.models import CareCheck, CareKind, Condition
from yidang.stocktake.queries import care_due
from yidang.stocktake.tasks import care_checks_remind_task

THURSDAY = date(2026, 11, 19)


def weekly(on: date, **kw) -> CareCheckData:
    return CareCheckData(kind=CareKind.WEEKLY, checked_on=on, **kw)


@time_machine.travel("2026-11-19 10:00 +0800", tick=False)
def test_a_walk_with_damp_needs_findings_and_follow_up_and_stays_open_until_resolved(world, area):
    with pytest.raises(DomainError, match="写明发现的问题"):
        care_check_record(room=area.room, data=weekly(THURSDAY, damp=Condition.PROBLEM), actor=world.archivist)
    assert not CareCheck.objects.exists()
    check = care_check_record(
        room=area.room,
        data=weekly(
            THURSDAY, damp=Condition.PROBLEM, humidity=78, findings="北墙柜底受潮", follow_up="开除湿机，移出底层档案盒"
        ),
        actor=world.archivist,
    )
    assert check.is_open
    audit = AuditEvent.objects.get(action="carecheck.record")
    assert audit.after is not None and audit.after["damp"] == "problem"
    care_check_resolve(check=check, resolution="湿度降至 55%，档案晾干无损", actor=world.archivist)
    check.refresh_from_db()
    assert not check.is_open and check.resolved_by == world.archivist


@time_machine.travel("2026-11-19 10:00 +0800", tick=False)
def test_bad_readings_are_refused_with_a_clear_message(world, area):
    with pytest.raises(DomainError, match="相对湿度"):
        care_check_record(room=area.room, data=weekly(THURSDAY, humidity=130), actor=world.archivist)
    with pytest.raises(DomainError, match="不能晚于今天"):
        care_check_record(room=area.room, data=weekly(date(2026, 11, 20)), actor=world.archivist)
    with pytest.raises(DomainError, match="按档案室登记"):
        care_check_record(room=area.box1, data=weekly(THURSDAY), actor=world.archivist)
    with pytest.raises(DomainError):
        care_check_record(room=area.room, data=weekly(THURSDAY), actor=world.manager)
    assert not CareCheck.objects.exists()


@time_machine.travel("2026-11-19 10:00 +0800", tick=False)
def test_a_monthly_full_check_also_counts_as_the_weeks_walk(world, area):
    assert {(d.room, d.kind) for d in care_due([world.hy.pk])} == {
        (area.room, "weekly"), (area.room, "monthly"), (area.other_room_box.parent.parent.parent, "weekly"),
        (area.other_room_box.parent.parent.parent, "monthly"),
    }  # fmt: skip
    care_check_record(
        room=area.room, data=CareCheckData(kind=CareKind.MONTHLY, checked_on=THURSDAY), actor=world.archivist
    )
    assert area.room not in {d.room for d in care_due([world.hy.pk])}


@time_machine.travel("2026-11-19 10:00 +0800", tick=False)
def test_the_home_page_lists_the_checks_due_for_the_archivist_only(client, world, area):
    labels = {i.label: i.count for i in todo_for(world.archivist)}
    assert labels["本周库房巡查待登记"] == 2 and labels["本月库房全面检查待登记"] == 2
    assert not any("库房" in i.label for i in todo_for(world.manager))
    client.login(username="archivist", password=PASSWORD)
    assert "本周库房巡查待登记" in client.get("/").content.decode()


def test_the_reminder_job_notifies_the_archivist_once_per_period(world, area):
    with time_machine.travel("2026-11-16 10:00 +0800", tick=False):  # Monday: not yet
        care_checks_remind_task.call_local()
    assert not Notification.objects.exists()
    with time_machine.travel("2026-11-19 10:00 +0800", tick=False):  # Thursday: the walks still due
        care_checks_remind_task.call_local()
        care_checks_remind_task.call_local()
    notes = Notification.objects.filter(user=world.archivist)
    assert notes.count() == 2 and all("每周巡查" in n.text for n in notes)
    assert not Notification.objects.exclude(user=world.archivist).exists()
    with time_machine.travel("2026-11-26 10:00 +0800", tick=False):  # last week of the month: monthly too
        care_checks_remind_task.call_local()
    assert Notification.objects.filter(user=world.archivist, text__contains="每月全面检查").count() == 2


@time_machine.travel("2026-11-19 10:00 +0800", tick=False)
def test_the_care_page_records_a_check(client, world, area):
    client.login(username="archivist", password=PASSWORD)
    url = reverse("stocktake:care", args=["HY"])
    data = {"room": area.room.pk, "kind": "weekly", "checked_on": "2026-11-19", "damp": "ok", "insects": "problem",
            "damage": "ok", "findings": "", "follow_up": ""}  # fmt: skip
    bad = client.post(url, data)
    assert bad.status_code == 400 and "写明发现的问题" in bad.content.decode()
    data |= {"findings": "第3柜发现蠹虫", "follow_up": "放置驱虫剂，一周后复查"}
    assert client.post(url, data).status_code == 302
    page = client.get(url).content.decode()
    assert "第3柜发现蠹虫" in page and "待处理的问题" in page
    client.logout()
    client.login(username="manager", password=PASSWORD)
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 403
    assert CareCheck.objects.count() == 1
