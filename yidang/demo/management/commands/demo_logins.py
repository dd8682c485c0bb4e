"""``manage.py demo_logins``: the demo accounts, printed when ``make run`` starts the server."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from yidang.accounts.models import User
from yidang.demo.actions import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = "Print the demo logins (username, role, projects, password) when demo mode (YIDANG_DEMO=1) is on."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.YIDANG_DEMO:
            self.stdout.write(_("演示模式未开启（YIDANG_DEMO=1 时显示演示账号）。"))
            return
        users = {
            u.username: u
            for u in User.objects.filter(username__in=[s.username for s in DEMO_USERS]).prefetch_related("projects")
        }
        if not users:
            self.stdout.write(_("尚无演示账号：请运行 manage.py seed_demo --with-users。"))
            return
        rows = [(_("用户名"), _("角色"), _("项目"), _("密码"))]
        for spec in DEMO_USERS:
            user = users.get(spec.username)
            if user is not None:
                projects = " ".join(sorted(p.code for p in user.projects.all()))
                rows.append((spec.username, spec.role.value, projects, DEMO_PASSWORD))
        self.stdout.write(_("演示账号（仅限演示模式）："))
        self.stdout.write(_table(rows))


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


def _table(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join("  " + line.rstrip() for line in lines)
