"""回访: callbacks due, overdue and done, and the month's figures against the targets as callbacks are made."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone

from tests.pagetext import page_text
from yidang.service import actions
from yidang.service.tests.page_helpers import returned, sign_in

URL = "/service/callbacks/"


def figure(body: str, key: str) -> str:
    match = re.search(rf'id="figure-{key}">\s*<header>[^<]*</header>\s*<div class="figure">([^<]*)</div>', body)
    assert match, key
    return match.group(1)


def test_the_figures_move_as_slips_come_back_and_callbacks_are_made(client, world):
    sign_in(client, "assistant")
    body = page_text(client.get(URL))
    assert figure(body, "callback-rate") == "—" and figure(body, "satisfaction") == "—"

    first, second = returned(world), returned(world)
    body = page_text(client.get(URL))
    assert figure(body, "callback-rate") == "0%" and first.number in body and second.number in body

    actions.callback_record(
        callback=first.callbacks.get(), method="visit", result="satisfied", comment="", actor=world.assistant
    )
    body = page_text(client.get(URL))
    assert figure(body, "callback-rate") == "50%"
    assert figure(body, "visit-share") == "100%" and figure(body, "satisfaction") == "100%"

    actions.callback_record(
        callback=second.callbacks.get(), method="phone", result="dissatisfied", comment="仍滴水", actor=world.assistant
    )
    body = page_text(client.get(URL))
    assert figure(body, "callback-rate") == "100%"
    assert figure(body, "visit-share") == "50%" and figure(body, "satisfaction") == "50%"
    assert 'class="figure-card missed" id="figure-satisfaction"' in body


def test_tabs_list_due_overdue_and_done_callbacks(client, world):
    due, late = returned(world), returned(world)
    late.callbacks.update(due_at=timezone.now() - timedelta(hours=2))
    sign_in(client, "assistant")
    assert due.number in page_text(client.get(URL)) and late.number not in page_text(client.get(URL))
    overdue = page_text(client.get(URL + "?show=overdue"))
    assert late.number in overdue and due.number not in overdue
    actions.callback_record(
        callback=due.callbacks.get(), method="phone", result="basic", comment="", actor=world.assistant
    )
    done = page_text(client.get(URL + "?show=done"))
    assert due.number in done and "基本满意" in done


def test_another_months_figures_are_their_own(client, world):
    returned(world)
    body = page_text(sign_in(client, "assistant").get(URL + "?month=2020-01"))
    assert figure(body, "callback-rate") == "—"


def test_another_projects_callbacks_stay_out_of_the_page_and_the_figures(client, world):
    ticket = returned(world)
    body = page_text(sign_in(client, "jm_assistant").get(URL))
    assert ticket.number not in body and figure(body, "callback-rate") == "—"


def test_workers_have_no_callbacks_page(client, world):
    assert sign_in(client, "engineer").get(URL).status_code == 403
