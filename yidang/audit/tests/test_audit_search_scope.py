"""What each reader of the audit search sees: their own projects' rows; of the rows of no project, the
CS manager and the general manager see their own staff's account events and company-wide settings,
never a row that may carry another project's data; superusers see everything."""

from __future__ import annotations

import datetime

from yidang.accounts.models import User
from yidang.audit.models import AuditEvent
from yidang.audit.queries import audit_visible_to
from yidang.people.models import Person
from yidang.workdays.models import CalendarDay

from .conftest import record, shown_seqs


def company_row(world) -> AuditEvent:
    return record(world.assistant, "account.login", world.assistant, after={"ip": "10.0.0.8", "channel": "web"})


def test_the_archivist_sees_her_projects_rows_but_not_another_projects_nor_company_rows(search, world):
    login = company_row(world)
    hy = set(AuditEvent.objects.filter(project_id=world.hy.pk).values_list("seq", flat=True))
    jm = set(AuditEvent.objects.filter(project_id=world.jm.pk).values_list("seq", flat=True))

    shown = set(shown_seqs(search(world.archivist)))

    assert shown == hy
    assert not shown & jm
    assert login.seq not in shown


def test_the_cs_manager_and_gm_also_see_rows_of_no_project(search, world):
    login = company_row(world)

    for name in ("manager", "gm"):
        shown = shown_seqs(search(world.users[name]))
        assert login.seq in shown
        assert not set(shown) & set(AuditEvent.objects.filter(project_id=world.jm.pk).values_list("seq", flat=True))


def test_a_superuser_sees_every_row(world):
    company_row(world)
    root = User.objects.create_superuser("root", password="x" * 12)

    assert audit_visible_to(root).count() == AuditEvent.objects.count()


def test_a_user_without_the_permission_sees_nothing_even_through_the_query(world):
    assert audit_visible_to(world.assistant).count() == 0
    assert audit_visible_to(world.engineer).count() == 0


def test_a_deactivated_archivist_sees_nothing(world):
    world.archivist.is_active = False
    world.archivist.save()

    assert audit_visible_to(world.archivist).count() == 0


def test_managers_see_their_staffs_sign_ins_and_unknown_names_but_not_another_projects_staff(world):
    ours = company_row(world)
    theirs = record(world.jm_assistant, "account.login", world.jm_assistant, after={"ip": "10.0.0.9"})
    nobody = record(None, "account.login_failed", User(username="guess"), after={"username": "guess"})

    seen = set(audit_visible_to(world.manager).values_list("seq", flat=True))

    assert {ours.seq, nobody.seq} <= seen
    assert theirs.seq not in seen


def test_managers_see_company_wide_settings(world):
    day = CalendarDay.objects.create(date=datetime.date(2030, 10, 1), is_workday=False, name="国庆节")
    row = record(world.archivist, "calendar_day.reset", day, after={"is_workday": False})

    assert audit_visible_to(world.gm).filter(seq=row.seq).exists()
    assert not audit_visible_to(world.archivist).filter(seq=row.seq).exists()


def test_a_row_of_no_project_that_names_an_owner_is_for_superusers_only(world):
    jm_owner = Person.objects.get(occupancies__room=world.rooms["jm1503"])
    row = record(world.jm_assistant, "person.change", jm_owner, after={"name": "张伟"})
    root = User.objects.create_superuser("root", password="x" * 12)

    for name in ("archivist", "manager", "gm"):
        assert not audit_visible_to(world.users[name]).filter(seq=row.seq).exists()
    assert audit_visible_to(root).filter(seq=row.seq).exists()
