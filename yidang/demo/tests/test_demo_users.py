"""Demo users: roles of DOMAIN.md, projects, password; only in demo mode."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from yidang.accounts.models import User
from yidang.accounts.queries import roles_of
from yidang.accounts.roles import Role
from yidang.demo.actions import DEMO_PASSWORD

EXPECTED = {
    "archivist": Role.ARCHIVIST,
    "assistant": Role.CS_ASSISTANT,
    "supervisor": Role.CS_SUPERVISOR,
    "manager": Role.CS_MANAGER,
    "gm": Role.GENERAL_MANAGER,
    "engineer": Role.ENGINEERING,
    "jm_assistant": Role.CS_ASSISTANT,
}


def test_each_demo_user_has_its_role_and_the_demo_password(seeded):
    for username, role in EXPECTED.items():
        user = User.objects.get(username=username)
        assert roles_of(user) == {role}
        assert user.check_password(DEMO_PASSWORD)
        assert not user.is_superuser


def test_the_hy_staff_work_in_hy_and_jm_assistant_only_in_jm(seeded):
    for username in EXPECTED:
        codes = set(User.objects.get(username=username).projects.values_list("code", flat=True))
        assert codes == ({"JM"} if username == "jm_assistant" else {"HY"})


def test_the_engineer_belongs_to_the_engineering_department(seeded):
    assert User.objects.get(username="engineer").department == "engineering"
    assert User.objects.get(username="gm").department == "management"


def test_ensuring_users_again_changes_nothing(seeded, settings):
    before = list(User.objects.order_by("username").values_list("username", "password"))
    call_command("seed_demo", households=10, if_empty=True, verbosity=0)
    assert list(User.objects.order_by("username").values_list("username", "password")) == before


def test_no_demo_users_outside_demo_mode(db, settings):
    settings.YIDANG_DEMO = False
    call_command("seed_demo", households=20, verbosity=0)
    assert not User.objects.exists()


def test_with_users_makes_them_outside_demo_mode(db, settings):
    settings.YIDANG_DEMO = False
    call_command("seed_demo", households=20, with_users=True, verbosity=0)
    assert set(User.objects.values_list("username", flat=True)) == set(EXPECTED)


def test_demo_logins_prints_every_login_in_demo_mode(seeded):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    for username, role in EXPECTED.items():
        assert username in text and role.value in text
    assert text.count(DEMO_PASSWORD) == len(EXPECTED)


def test_demo_logins_prints_no_password_outside_demo_mode(seeded, settings):
    settings.YIDANG_DEMO = False
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert DEMO_PASSWORD not in out.getvalue()
    assert "YIDANG_DEMO" in out.getvalue()


def test_a_demo_user_for_an_unknown_project_is_refused(db):
    import pytest

    from yidang.core.errors import DomainError
    from yidang.demo.actions import DemoUser, demo_user_ensure

    with pytest.raises(DomainError, match="不存在"):
        demo_user_ensure(spec=DemoUser("someone", Role.CS_ASSISTANT, ("NOPE",)))
    assert not User.objects.filter(username="someone").exists()
