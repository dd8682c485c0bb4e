"""The pages: the engineer's home links to a new request, files it, sees it; the supervisor decides it on its page."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.pagetext import page_text
from yidang.access.models import AccessRequest, RequestStatus
from yidang.access.tests.conftest import staff_request


def _form(**fields):
    now = timezone.localtime()
    values = {
        "project": "",
        "codes": "A2-15-1503",
        "purpose": "核对管线改造图纸",
        "window_start": f"{now:%Y-%m-%dT%H:%M}",
        "window_end": f"{now + timedelta(hours=8):%Y-%m-%dT%H:%M}",
    }
    return values | fields


def test_the_engineers_home_links_to_the_request_form_and_the_nav_has_it(client, world):
    client.force_login(world.engineer)

    text = page_text(client.get(reverse("home")))

    assert f'href="{reverse("access:new", args=["staff"])}"' in text and "提交查阅申请" in text
    assert f'href="{reverse("access:mine")}"' in text


def test_the_engineer_files_a_request_through_the_form(client, world, hy1503):
    client.force_login(world.engineer)
    form = client.get(reverse("access:new", args=["staff"]))

    response = client.post(reverse("access:new", args=["staff"]), _form(project=world.hy.pk))

    assert form.status_code == 200 and "房号或档案号" in form.content.decode()
    request = AccessRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("access:detail", args=[request.pk])
    mine = page_text(client.get(reverse("access:mine")))
    assert "HY-A2-15-1503" in mine and "待审批" in mine


def test_an_unknown_code_comes_back_beside_the_field(client, world, hy1503):
    client.force_login(world.engineer)

    response = client.post(reverse("access:new", args=["staff"]), _form(project=world.hy.pk, codes="A2-99-9999"))

    assert response.status_code == 400
    assert "找不到这些房号或档案号：A2-99-9999" in response.content.decode()
    assert not AccessRequest.objects.exists()


def test_cs_staff_get_no_staff_form_and_engineers_no_front_desk_forms(client, world):
    client.force_login(world.assistant)
    assert client.get(reverse("access:new", args=["staff"])).status_code == 404
    assert client.get(reverse("access:new", args=["owner"])).status_code == 200
    client.force_login(world.engineer)
    assert client.get(reverse("access:new", args=["owner"])).status_code == 404
    assert client.get(reverse("access:approvals")).status_code == 404
    assert client.get(reverse("access:desk")).status_code == 404


def test_the_supervisor_approves_on_the_request_page_and_the_history_shows_it(client, world, hy1503):
    request = staff_request(world)
    client.force_login(world.supervisor)
    waiting = page_text(client.get(reverse("access:approvals")))

    response = client.post(reverse("access:approve", args=[request.pk]), {"note": "同意"}, follow=True)

    assert reverse("access:detail", args=[request.pk]) in waiting
    text = page_text(response)
    assert "已批准" in text and "提交申请" in text and "同意" in text
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED


def test_a_refused_decision_is_a_400_on_the_page_and_changes_nothing(client, world, hy1503):
    request = staff_request(world)
    client.force_login(world.archivist)

    page = page_text(client.get(reverse("access:detail", args=[request.pk])))
    response = client.post(reverse("access:approve", args=[request.pk]), {"note": ""})

    assert "批准" not in page.split("办理记录")[0].split("request-actions")[1]  # no decision form offered
    assert response.status_code == 400 and "客服主管或客服经理审批" in response.content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING


def test_the_requester_sees_the_way_into_the_reading_view_once_approved(client, world, hy1503):
    from yidang.access.actions import access_request_approve

    request = access_request_approve(request=staff_request(world), actor=world.supervisor)
    client.force_login(world.engineer)

    text = page_text(client.get(reverse("access:detail", args=[request.pk])))

    assert f'href="{reverse("access:read", args=[request.pk])}"' in text


def test_another_engineers_request_is_not_found(client, world, hy1503):
    from tests.world import make_user
    from yidang.accounts.models import Department
    from yidang.accounts.roles import Role

    request = staff_request(world)
    other = make_user("engineer2", Role.ENGINEERING, [world.hy], Department.ENGINEERING)
    client.force_login(other)

    assert client.get(reverse("access:detail", args=[request.pk])).status_code == 404
