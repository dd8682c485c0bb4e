"""The official calendar is seeded by the migration and reloaded by ``load_holidays``, idempotently."""

from __future__ import annotations

from datetime import date
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from yidang.audit.models import AuditEvent
from yidang.workdays.models import CalendarDay


def test_the_migration_seeded_the_official_days(db):
    day = CalendarDay.objects.get(date=date(2025, 10, 1))
    assert (day.is_workday, day.name) == (False, "国庆节")
    assert CalendarDay.objects.get(date=date(2025, 9, 28)).name == "国庆节调休"
    assert not CalendarDay.objects.filter(date=date(2025, 10, 4)).exists()  # a Saturday off changes nothing


def test_the_command_fills_an_empty_calendar_once_and_audits_each_day(db):
    CalendarDay.objects.all().delete()
    out = StringIO()
    call_command("load_holidays", stdout=out)
    added = CalendarDay.objects.count()
    assert added > 500 and f"{added} days added" in out.getvalue()
    assert AuditEvent.objects.filter(action="calendar_day.load").count() == added
    call_command("load_holidays", stdout=StringIO())
    assert CalendarDay.objects.count() == added
    assert AuditEvent.objects.filter(action="calendar_day.load").count() == added


def test_a_day_changed_by_hand_is_kept_unless_replace_is_asked(db):
    CalendarDay.objects.filter(date=date(2025, 10, 8)).update(is_workday=True, name="本公司上班")
    call_command("load_holidays", stdout=StringIO())
    assert CalendarDay.objects.get(date=date(2025, 10, 8)).is_workday
    call_command("load_holidays", "--replace", stdout=StringIO())
    assert not CalendarDay.objects.get(date=date(2025, 10, 8)).is_workday


def test_an_administrator_adds_a_day_in_the_admin_and_it_is_audited(db):
    admin = get_user_model().objects.create_superuser("root", password="root-pass-123456")
    client = Client()
    client.force_login(admin)
    response = client.post(
        "/admin/workdays/calendarday/add/", {"date": "2030-10-01", "name": "国庆节", "is_workday": ""}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert not CalendarDay.objects.get(date=date(2030, 10, 1)).is_workday
    assert AuditEvent.objects.filter(action="calendarday.create", actor=admin).exists()
