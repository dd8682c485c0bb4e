"""``manage.py loans_remind``: chase overdue loans now (what the hourly job does on working days)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from yidang.loans.actions import loans_remind_overdue


class Command(BaseCommand):
    help = "Remind borrowers and archivists of overdue loans not yet reminded today (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = loans_remind_overdue()
        self.stdout.write(f"{count} overdue loan(s) reminded.")
