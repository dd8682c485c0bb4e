"""ID numbers stay masked; the archivist and the CS heads may reveal one with a stated reason, for that
answer only. Each reveal is in the usage ledger and the audit trail, and a user gets at most
YIDANG_ID_REVEAL_PER_HOUR of them in any hour (counted from the ledger) before a clear refusal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.pagetext import page_text
from tests.world import ID_ZHANG_WEI
from yidang.audit.models import AuditEvent
from yidang.households.tests.helpers import api_client
from yidang.people.models import Person
from yidang.usage.models import UsageKind, UsageRecord

MASKED = "110***********002X"


@pytest.fixture
def zhang(world) -> Person:
    return world.rooms["hy1503"].occupancies.get().person


def _reveal(client, world, zhang, reason="办理过户核对身份", htmx=True):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    url = reverse("usage:reveal-id", args=[world.rooms["hy1503"].pk, zhang.pk])
    return client.post(url, {"reason": reason}, **headers)


def _reveals() -> int:
    return UsageRecord.objects.filter(kind=UsageKind.REVEAL_ID).count()


def test_the_household_page_shows_the_mask_and_offers_the_reveal_to_those_allowed(client, world):
    room = world.rooms["hy1503"]
    client.force_login(world.supervisor)
    body = page_text(client.get(reverse("households:detail", args=[room.pk])))
    assert MASKED in body and ID_ZHANG_WEI not in body and "显示证件号" in body

    client.force_login(world.assistant)
    body = page_text(client.get(reverse("households:detail", args=[room.pk])))
    assert MASKED in body and "显示证件号" not in body


@pytest.mark.parametrize("username", ["archivist", "supervisor", "manager"])
def test_an_allowed_role_sees_the_full_number_once_and_the_reveal_is_logged(client, world, zhang, username):
    user = world.users[username]
    client.force_login(user)

    response = _reveal(client, world, zhang)

    body = page_text(response)
    assert response.status_code == 200
    assert ID_ZHANG_WEI in body and 'id="idcell-' in body and "<html" not in body
    assert response["Cache-Control"] == "no-store"
    use = UsageRecord.objects.get(kind=UsageKind.REVEAL_ID)
    assert (use.user, use.purpose, use.project_id) == (user, "办理过户核对身份", world.hy.pk)
    assert use.archive is not None and use.archive.room_id == world.rooms["hy1503"].pk and "张伟" in use.what
    event = AuditEvent.objects.get(action="person.reveal_id")
    assert event.after is not None and event.after["reason"] == "办理过户核对身份"
    assert event.object_id == str(zhang.pk)
    assert ID_ZHANG_WEI not in str(event.after) and ID_ZHANG_WEI not in use.what
    # the next page is masked again
    assert ID_ZHANG_WEI not in page_text(client.get(reverse("households:detail", args=[world.rooms["hy1503"].pk])))


@pytest.mark.parametrize("username", ["assistant", "gm", "engineer"])
def test_other_roles_are_refused_and_nothing_is_logged(client, world, zhang, username):
    client.force_login(world.users[username])

    response = _reveal(client, world, zhang)

    assert response.status_code == 403
    assert ID_ZHANG_WEI not in page_text(response)
    assert _reveals() == 0 and not AuditEvent.objects.filter(action="person.reveal_id").exists()


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reveal_needs_a_reason(client, world, zhang, reason):
    client.force_login(world.supervisor)

    response = _reveal(client, world, zhang, reason=reason)

    body = page_text(response)
    assert response.status_code == 400
    assert "请说明查看完整证件号码的原因" in body and ID_ZHANG_WEI not in body and MASKED in body
    assert _reveals() == 0


def test_another_projects_person_answers_404(client, world):
    jm_person = world.rooms["jm1503"].occupancies.get().person
    client.force_login(world.supervisor)

    hy_room_jm_person = reverse("usage:reveal-id", args=[world.rooms["hy1503"].pk, jm_person.pk])
    jm_room = reverse("usage:reveal-id", args=[world.rooms["jm1503"].pk, jm_person.pk])

    assert client.post(hy_room_jm_person, {"reason": "x"}).status_code == 404
    assert client.post(jm_room, {"reason": "x"}).status_code == 404
    assert (
        api_client(world.supervisor).post(f"/api/v1/people/{jm_person.pk}/reveal-id/", {"reason": "x"}).status_code
        == 404
    )
    assert _reveals() == 0


def test_over_the_hourly_limit_the_reveal_is_refused_in_chinese(client, world, zhang, settings):
    settings.YIDANG_ID_REVEAL_PER_HOUR = 2
    client.force_login(world.supervisor)
    assert _reveal(client, world, zhang).status_code == 200
    assert _reveal(client, world, zhang, htmx=False).status_code == 200

    refused = _reveal(client, world, zhang)

    body = page_text(refused)
    assert refused.status_code == 429
    assert "查看证件号码过于频繁：每人每小时最多 2 次" in body and ID_ZHANG_WEI not in body
    assert _reveals() == 2
    # another user has their own allowance
    client.force_login(world.manager)
    assert _reveal(client, world, zhang).status_code == 200


def test_reveals_older_than_an_hour_no_longer_count(client, world, zhang, settings):
    settings.YIDANG_ID_REVEAL_PER_HOUR = 1
    client.force_login(world.archivist)
    assert _reveal(client, world, zhang).status_code == 200
    assert _reveal(client, world, zhang).status_code == 429

    UsageRecord.objects.filter(kind=UsageKind.REVEAL_ID).update(at=UsageRecord.objects.get().at - timedelta(minutes=61))

    assert _reveal(client, world, zhang).status_code == 200


def test_the_api_reveals_with_a_reason_under_the_same_limit(world, zhang, settings):
    settings.YIDANG_ID_REVEAL_PER_HOUR = 1
    api = api_client(world.manager)
    url = f"/api/v1/people/{zhang.pk}/reveal-id/"

    assert api.post(url, {}, format="json").status_code == 400
    ok = api.post(url, {"reason": "核对产权人身份"}, format="json")
    refused = api.post(url, {"reason": "再看一次"}, format="json")

    assert ok.status_code == 200
    assert ok.json() == {
        "person_id": zhang.pk,
        "name": "张伟",
        "id_type": "resident",
        "id_number": ID_ZHANG_WEI,
        "room_id": world.rooms["hy1503"].pk,
    }
    assert refused.status_code == 429 and "过于频繁" in refused.json()["detail"]
    assert ID_ZHANG_WEI not in refused.content.decode()
    assert _reveals() == 1
    assert api_client(world.assistant).post(url, {"reason": "x"}, format="json").status_code == 403
