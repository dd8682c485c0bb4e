"""A leaver who still holds a folder cannot be deactivated: not by the action, the admin form or the admin's bulk action."""

from __future__ import annotations

import pytest

from yidang.accounts.actions import user_deactivate
from yidang.accounts.tests.conftest import audit_rows
from yidang.archive.models import Archive
from yidang.core.errors import DomainError
from yidang.loans.models import Loan, LoanStatus


def lend(world, user, room: str = "hy1503", status: str = LoanStatus.OUT) -> Loan:
    archive = Archive.objects.get(room=world.rooms[room])
    return Loan.objects.create(archive=archive, project=world.hy, borrower=user, purpose="核对", status=status)


@pytest.fixture
def admin_client(world, client):
    world.manager.is_staff = world.manager.is_superuser = True
    world.manager.save()
    client.force_login(world.manager)
    return client


def admin_form(user, **changes):
    data = {
        "username": user.username,
        "display_name": user.display_name,
        "department": user.department,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
        "groups": [g.pk for g in user.groups.all()],
        "projects": [p.pk for p in user.projects.all()],
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_user_holding_folders_cannot_be_deactivated_and_is_told_which(world):
    lend(world, world.assistant, "hy1503")
    lend(world, world.assistant, "hy0801")

    with pytest.raises(DomainError) as refused:
        user_deactivate(user=world.assistant, actor=world.manager)

    message = refused.value.message
    numbers = [str(Archive.objects.get(room=world.rooms[r])) for r in ("hy1503", "hy0801")]
    assert "2 份档案未归还" in message and all(number in message for number in numbers)
    world.assistant.refresh_from_db()
    assert world.assistant.is_active
    assert not audit_rows("account.deactivate")


def test_returned_or_requested_loans_do_not_block_leaving(world):
    lend(world, world.assistant, "hy1503", status=LoanStatus.RETURNED)
    lend(world, world.assistant, "hy0801", status=LoanStatus.REQUESTED)

    user_deactivate(user=world.assistant, actor=world.manager)

    world.assistant.refresh_from_db()
    assert not world.assistant.is_active
    [row] = audit_rows("account.deactivate")
    assert row.actor == world.manager and row.object_id == str(world.assistant.pk)


def test_unticking_active_in_the_admin_is_refused_with_the_reason(world, admin_client):
    lend(world, world.assistant)

    response = admin_client.post(
        f"/admin/accounts/user/{world.assistant.pk}/change/", admin_form(world.assistant, is_active=None)
    )

    assert response.status_code == 200
    assert "份档案未归还" in response.content.decode()
    world.assistant.refresh_from_db()
    assert world.assistant.is_active


def test_unticking_active_in_the_admin_works_for_a_cleared_user(world, admin_client):
    response = admin_client.post(
        f"/admin/accounts/user/{world.assistant.pk}/change/", admin_form(world.assistant, is_active=None)
    )

    assert response.status_code == 302
    world.assistant.refresh_from_db()
    assert not world.assistant.is_active
    assert len(audit_rows("account.deactivate")) == 1


def test_other_admin_edits_of_a_folder_holder_still_save(world, admin_client):
    lend(world, world.assistant)

    response = admin_client.post(
        f"/admin/accounts/user/{world.assistant.pk}/change/", admin_form(world.assistant, display_name="李助理")
    )

    assert response.status_code == 302
    world.assistant.refresh_from_db()
    assert world.assistant.display_name == "李助理" and world.assistant.is_active


def test_the_admin_bulk_action_deactivates_only_cleared_users(world, admin_client):
    lend(world, world.assistant)

    response = admin_client.post(
        "/admin/accounts/user/",
        {"action": "deactivate_selected", "_selected_action": [world.assistant.pk, world.engineer.pk]},
        follow=True,
    )

    world.assistant.refresh_from_db()
    world.engineer.refresh_from_db()
    assert world.assistant.is_active and not world.engineer.is_active
    assert "份档案未归还" in response.content.decode()
