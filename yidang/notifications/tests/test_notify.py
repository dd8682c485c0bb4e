"""A notice reaches each user once per key, in the app and by mail after the commit."""

from __future__ import annotations

from django.core import mail

from yidang.notifications.actions import notifications_mark_read, notify
from yidang.notifications.queries import unread_count


def test_each_user_is_told_once_per_key(world):
    assert notify(users=[world.assistant, world.assistant, world.supervisor], key="k1", text="测试") == 2
    assert notify(users=[world.assistant], key="k1", text="测试") == 0
    assert unread_count(world.assistant) == 1


def test_mail_goes_out_after_the_commit_to_users_with_an_address(world, django_capture_on_commit_callbacks):
    world.assistant.email = "assistant@example.com"
    world.assistant.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[world.assistant, world.supervisor], key="k2", text="工单即将超时")
    assert [m.to for m in mail.outbox] == [["assistant@example.com"]]


def test_marking_read_clears_the_count(world):
    notify(users=[world.assistant], key="a", text="一")
    notify(users=[world.assistant], key="b", text="二")
    assert notifications_mark_read(user=world.assistant) == 2
    assert unread_count(world.assistant) == 0


def test_inactive_users_are_not_told(world):
    world.supervisor.is_active = False
    world.supervisor.save()
    assert notify(users=[world.supervisor], key="k3", text="x") == 0
