"""``manage.py seed_demo --households N [--if-empty] [--seed S] [--with-users]``."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from yidang.core.errors import DomainError
from yidang.demo.actions import demo_projects_have_households, demo_seed, demo_users_ensure


class Command(BaseCommand):
    help = (
        "Load realistic demo households (projects HY 华苑小区 and JM 金茂大厦; more projects above 100,000 "
        "households). Deterministic from --seed. Demo users are added in demo mode (YIDANG_DEMO=1) or with "
        "--with-users."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--households", type=int, default=3000, help="number of rooms (about 85%% occupied)")
        parser.add_argument("--seed", type=int, default=1, help="random seed; the same seed gives the same data")
        parser.add_argument("--if-empty", action="store_true", help="do nothing if the demo projects hold households")
        parser.add_argument(
            "--with-users", action="store_true", help="also create the demo users (password yidang-demo)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbosity = options["verbosity"]
        if options["if_empty"] and demo_projects_have_households():
            self._say(_("演示项目中已有住户数据，跳过生成。"))
        else:
            self._seed(options["households"], options["seed"])
        if settings.YIDANG_DEMO or options["with_users"]:
            users = demo_users_ensure()
            names = ", ".join(u.username for u in users)
            self._say(_("演示账号已就绪：%(names)s（运行 manage.py demo_logins 查看）") % {"names": names})

    def _seed(self, households: int, seed: int) -> None:
        last = [time.monotonic()]

        def progress(code: str, done: int, total: int) -> None:
            if self.verbosity >= 2 or (self.verbosity >= 1 and (done == total or time.monotonic() - last[0] > 10)):
                last[0] = time.monotonic()
                self.stdout.write(f"  {code}: {done:,}/{total:,}")

        try:
            summary = demo_seed(households=households, seed=seed, progress=progress)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        rows = ", ".join(f"{k} {v:,}" for k, v in sorted(summary.rows.items()))
        projects = " ".join(summary.projects)
        self._say(
            _("已生成 %(n)s 户（项目 %(projects)s），用时 %(s).1f 秒：%(rows)s")
            % {"n": f"{summary.households:,}", "projects": projects, "s": summary.seconds, "rows": rows}
        )

    def _say(self, text: str) -> None:
        if self.verbosity >= 1:
            self.stdout.write(text)
