from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from yidang.service.sla import sla_sweep


class Command(BaseCommand):
    help = "Send the SLA warnings and record the breaches that are due now (the worker does this every minute)."

    def handle(self, *args: Any, **options: Any) -> None:
        totals = sla_sweep(now=timezone.now())
        self.stdout.write(f"warned {totals['warned']}, breached {totals['breached']}")
