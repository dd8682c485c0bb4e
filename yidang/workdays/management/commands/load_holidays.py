"""``manage.py load_holidays``: add the official holidays and 调休 days from ``chinesecalendar``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from yidang.workdays.actions import calendar_days_load
from yidang.workdays.holidays import official_years


class Command(BaseCommand):
    help = "Load China's official holidays and 调休 workdays into the working calendar (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--replace", action="store_true", help="set days changed by hand back to the official values"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = calendar_days_load(actor="manage.py load_holidays", replace=options["replace"])
        first, last = official_years()
        self.stdout.write(
            f"{first}–{last}: {result.created} days added, {result.updated} reset, {result.kept} kept. "
            f"Years after {last}: Monday–Friday only until added in the admin or by a newer chinesecalendar."
        )
