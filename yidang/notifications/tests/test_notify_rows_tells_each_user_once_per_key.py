"""``notify_rows``: the sweep's one-statement insert — once per user and key, mail only to the newly told."""

from __future__ import annotations

from django.db import transaction

from yidang.notifications.actions import notify_rows
from yidang.notifications.models import Notification


def test_rows_are_written_once_per_user_and_key_and_mailed_to_the_newly_told(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    assistant, supervisor = world.assistant, world.supervisor
    emails = {assistant.pk: "zhang@example.com"}
    rows = [
        (assistant.pk, "sla-breach-1", "工单 BX1 到场已超时", "/service/1/"),
        (supervisor.pk, "sla-breach-1", "工单 BX1 到场已超时", "/service/1/"),
    ]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        assert notify_rows(rows, emails=emails) == 2
    assert [m.to for m in mailoutbox] == [["zhang@example.com"]]
    more = [*rows, (assistant.pk, "sla-warn-2", "工单 BX2 完工时限将于 12-01 18:00 到期", "/service/2/")]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        assert notify_rows(more, emails=emails) == 1
    assert len(mailoutbox) == 2 and mailoutbox[1].subject.startswith("工单 BX2")
    assert Notification.objects.filter(user=assistant).count() == 2
    assert Notification.objects.get(user=supervisor).text == "工单 BX1 到场已超时"


def test_no_rows_write_nothing(db):
    assert notify_rows([], emails={}) == 0
    assert not Notification.objects.exists()
