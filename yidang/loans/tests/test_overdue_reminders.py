"""Overdue loans are chased once a day — borrower and archivist by mail and on the bell — however often the job runs."""

from __future__ import annotations

from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from yidang.audit.models import AuditEvent
from yidang.loans.actions import ReturnCheck, loan_return, loans_remind_overdue
from yidang.loans.models import Loan
from yidang.loans.tasks import loans_remind_overdue_task
from yidang.loans.tests.flow import local, out
from yidang.notifications.models import Notification

OUT_AT = local(2026, 11, 16, 10)  # Monday; due Thursday 19 November 18:00


@pytest.fixture
def overdue(world, folder) -> Loan:
    world.engineer.email = "engineer@example.com"
    world.engineer.save(update_fields=["email"])
    world.archivist.email = "archivist@example.com"
    world.archivist.save(update_fields=["email"])
    with time_machine.travel(OUT_AT, tick=False):
        return out(world, folder)


def _remind(at, capture) -> int:
    with time_machine.travel(at, tick=False), capture(execute=True):
        return loans_remind_overdue()


def test_an_overdue_loan_is_reminded_once_however_often_the_job_runs_that_day(
    overdue, django_capture_on_commit_callbacks
):
    assert _remind(local(2026, 11, 20, 9), django_capture_on_commit_callbacks) == 1
    assert _remind(local(2026, 11, 20, 10), django_capture_on_commit_callbacks) == 0
    assert _remind(local(2026, 11, 20, 17), django_capture_on_commit_callbacks) == 0
    overdue.refresh_from_db()
    assert overdue.reminder_count == 1 and overdue.last_reminded_at == local(2026, 11, 20, 9)
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(action="loan.remind", object_id=str(overdue.pk)).count() == 1


def test_the_next_day_it_is_reminded_again(overdue, django_capture_on_commit_callbacks):
    _remind(local(2026, 11, 20, 9), django_capture_on_commit_callbacks)
    assert _remind(local(2026, 11, 21, 9), django_capture_on_commit_callbacks) == 1
    overdue.refresh_from_db()
    assert overdue.reminder_count == 2 and len(mail.outbox) == 2


def test_the_mail_goes_to_the_borrower_with_the_archivist_in_copy(overdue, django_capture_on_commit_callbacks):
    _remind(local(2026, 11, 20, 9), django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    assert message.to == ["engineer@example.com"] and message.cc == ["archivist@example.com"]
    assert overdue.archive.number in message.subject and "2026-11-19 18:00" in message.body
    assert "张伟" not in message.body  # a reminder names the folder, not the owner


def test_borrower_and_archivist_also_see_it_on_the_bell_once_a_day(overdue, world, django_capture_on_commit_callbacks):
    _remind(local(2026, 11, 20, 9), django_capture_on_commit_callbacks)
    _remind(local(2026, 11, 20, 15), django_capture_on_commit_callbacks)
    _remind(local(2026, 11, 21, 9), django_capture_on_commit_callbacks)
    notices = Notification.objects.filter(key__startswith=f"loan.overdue:{overdue.pk}:")
    assert sorted(notices.values_list("user__username", flat=True)) == [
        "archivist",
        "archivist",
        "engineer",
        "engineer",
    ]
    assert all(overdue.archive.number in n.text and "张伟" not in n.text for n in notices)


def test_loans_not_yet_due_or_returned_are_left_alone(world, overdue, folder, django_capture_on_commit_callbacks):
    assert _remind(local(2026, 11, 19, 17, 59), django_capture_on_commit_callbacks) == 0
    with time_machine.travel(local(2026, 11, 19, 12), tick=False):
        loan_return(
            loan=overdue, actor=world.archivist, check=ReturnCheck(returned=frozenset(d.pk for d in folder.documents))
        )
    assert _remind(local(2026, 11, 20, 9), django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_the_hourly_job_chases_on_working_days_from_the_configured_hour(overdue, settings):
    settings.YIDANG_LOAN_REMIND_HOUR = 9
    with time_machine.travel(local(2026, 11, 21, 10), tick=False):  # Saturday
        assert loans_remind_overdue_task.call_local() == 0
    with time_machine.travel(local(2026, 11, 23, 8, 7), tick=False):  # Monday, before 9
        assert loans_remind_overdue_task.call_local() == 0
    with time_machine.travel(local(2026, 11, 23, 9, 7), tick=False):
        assert loans_remind_overdue_task.call_local() == 1
        assert loans_remind_overdue_task.call_local() == 0


def test_the_command_chases_by_hand(overdue):
    out_text = StringIO()
    with time_machine.travel(local(2026, 11, 22, 20), tick=False):  # a Sunday evening: by hand it still runs
        call_command("loans_remind", stdout=out_text)
    assert out_text.getvalue().startswith("1 overdue loan(s) reminded.")
