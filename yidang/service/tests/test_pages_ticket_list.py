"""The desk's ticket list: each role sees its own tickets, filters narrow them, pages continue without counting."""

from __future__ import annotations

import operator
from datetime import timedelta
from functools import reduce

from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.pagetext import page_text
from yidang.service import actions
from yidang.service.actions import TicketData
from yidang.service.listing import PAGE_SIZE
from yidang.service.tests.helpers import category, complaint, repair
from yidang.service.tests.page_helpers import dispatched, sign_in

URL = "/service/"


def jm_repair(world):
    data = TicketData(
        kind="repair",
        channel="phone",
        category=category(),
        content="金茂漏水",
        reporter_name="金茂业主",
        room=world.rooms["jm1503"],
    )
    return actions.ticket_register(data=data, project=world.jm, actor=world.jm_assistant)


def test_cs_staff_see_their_projects_tickets_and_never_another_projects(client, world):
    mine, theirs = repair(world), jm_repair(world)
    body = page_text(sign_in(client, "assistant").get(URL))
    assert mine.number in body and theirs.number not in body and "金茂" not in body


def test_the_general_manager_reads_the_list(client, world):
    ticket = repair(world)
    response = sign_in(client, "gm").get(URL)
    assert response.status_code == 200 and ticket.number in page_text(response)


def test_a_worker_has_no_desk_list(client, world):
    dispatched(world)
    assert sign_in(client, "engineer").get(URL).status_code == 403


def test_filters_narrow_by_status_kind_and_search(client, world):
    waiting, sent, noise = repair(world), dispatched(world), complaint(world)
    sign_in(client, "assistant")

    def numbers(query):
        body = page_text(client.get(URL + query))
        return {t.number for t in (waiting, sent, noise) if t.number in body}

    assert numbers("?status=dispatch") == {waiting.number}
    assert numbers("?status=dispatched") == {sent.number}
    assert numbers("?kind=complaint") == {noise.number}
    assert numbers(f"?q={sent.number}") == {sent.number}
    assert numbers(f"?q={sent.number[:10].lower()}") == {waiting.number, sent.number}  # BX + the day
    assert numbers("?q=1503") == {waiting.number, sent.number, noise.number}  # the room, by the household search
    assert numbers("?q=0801") == set()


def test_running_out_shows_only_tickets_whose_clock_warned_or_broke(client, world):
    late = repair(world, at=timezone.now() - timedelta(hours=1))  # its 20-minute arrival clock is past
    fresh = repair(world)
    body = page_text(sign_in(client, "assistant").get(URL + "?sla=on"))
    assert late.number in body and fresh.number not in body
    assert "已超时" in body


def test_late_only_leaves_out_a_ticket_whose_clock_warned_but_has_time_left(client, world):
    late = repair(world, at=timezone.now() - timedelta(hours=1))
    warned = repair(world, at=timezone.now() - timedelta(minutes=18))  # warned at 16 minutes, due at 20
    sign_in(client, "assistant")
    running_out = page_text(client.get(URL + "?sla=on"))
    late_only = page_text(client.get(URL + "?sla=late"))
    assert late.number in running_out and warned.number in running_out
    assert late.number in late_only and warned.number not in late_only


def test_the_older_sla_link_still_means_running_out_or_late(client, world):
    warned = repair(world, at=timezone.now() - timedelta(minutes=18))
    response = sign_in(client, "assistant").get(URL + "?sla=1")
    assert warned.number in page_text(response)
    assert response.context["form"]["sla"].value() == "on"  # and the select shows it


def test_pages_continue_after_the_last_ticket_without_overlap(client, world):
    start = timezone.now() - timedelta(days=1)
    made = [repair(world, at=start + timedelta(minutes=i)) for i in range(PAGE_SIZE + 5)]
    sign_in(client, "assistant")
    first = client.get(URL + "?status=all")
    assert first.context["next_query"], "a full page links to the next one"
    second = client.get(URL + "?" + first.context["next_query"])
    on_first = {t.number for t in first.context["rows"]}
    on_second = {t.number for t in second.context["rows"]}
    assert len(on_first) == PAGE_SIZE and len(on_second) == 5 and not on_first & on_second
    assert on_first | on_second == {t.number for t in made}
    assert first.context["rows"][0].number == made[-1].number  # newest first
    assert not second.context["next_query"]


def test_a_malformed_cursor_shows_the_first_page(client, world):
    ticket = repair(world)
    response = sign_in(client, "assistant").get(URL + "?after=garbage~x")
    assert response.status_code == 200 and ticket.number in page_text(response)


def test_the_list_never_counts_and_costs_the_same_for_many_tickets(client, world):
    sign_in(client, "assistant")
    repair(world)
    client.get(URL)  # warm the session and permission caches
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    for _ in range(10):
        dispatched(world)
    with CaptureQueriesContext(connection) as eleven:
        client.get(URL)
    ticket_counts = [q["sql"] for q in eleven.captured_queries if "COUNT(" in q["sql"].upper() and "ticket" in q["sql"]]
    assert len(eleven.captured_queries) == len(one.captured_queries), "no query per ticket (N+1)"
    assert ticket_counts == []


def test_the_merged_status_ranges_give_the_same_page_as_one_sorted_query(world):
    """On PostgreSQL a page is a UNION ALL of (project, status) index ranges; it must equal a plain sort."""
    from yidang.accounts.queries import project_ids_of
    from yidang.service.listing import TicketFilter, status_ranges, ticket_page, tickets_filtered
    from yidang.service.queries import tickets_visible_to

    world.assistant.projects.add(world.jm)
    start = timezone.now() - timedelta(days=2)
    for i in range(12):
        at = start + timedelta(minutes=7 * i)
        ticket = repair(world, at=at) if i % 3 else jm_repair_at(world, at)
        if i % 2:  # dispatched within its own project
            desk = world.assistant if ticket.project_id == world.hy.pk else world.jm_assistant
            worker = world.engineer if ticket.project_id == world.hy.pk else world.jm_assistant
            actions.ticket_dispatch(ticket=ticket, department="engineering", assignee=worker, actor=desk)
    user = type(world.assistant).objects.get(pk=world.assistant.pk)
    for wanted in (TicketFilter(), TicketFilter(status="all"), TicketFilter(status="dispatch")):
        tickets = tickets_filtered(tickets_visible_to(user), wanted, user)
        shown, after = [], ""
        while True:
            page = ticket_page(
                tickets, ranges=status_ranges(wanted), project_ids=project_ids_of(user), after=after, size=5
            )
            shown += [t.pk for t in page.tickets]
            if not (after := page.next_cursor):
                break
        where = [Q(r.where, status=r.status) for r in status_ranges(wanted)]
        expected = tickets.filter(reduce(operator.or_, where)).order_by("-registered_at", "-id")
        assert shown == list(expected.values_list("id", flat=True)), wanted


def jm_repair_at(world, at):
    data = TicketData(
        kind="repair",
        channel="phone",
        category=category(),
        content="漏水",
        reporter_name="业主",
        room=world.rooms["jm1503"],
    )
    return actions.ticket_register(data=data, project=world.jm, actor=world.jm_assistant, at=at)
