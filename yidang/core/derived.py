"""Derived tables: rows the actions layer makes from other rows, and can make again.

The search tokens (``households.SearchToken``) and the file checklists (``archive.ChecklistItem``)
hold nothing of their own: each is rebuilt from the records it describes. They are written in
bulk (about twenty rows a household imported), so their columns are not foreign keys in the
database — the checks cost more than half of an import's database time (docs/benchmarks.md).
``RebuildCommand`` is what stands in for them: ``--check`` reports rows whose parent is gone and
other disagreements and exits non-zero; without it the command removes such rows and rebuilds
the table for a project or all, in short transactions.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from yidang.places.models import Project


class RebuildCommand(BaseCommand):
    noun = ""  # what the rows are called, for the messages
    chunk = 500  # rebuilt per transaction

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--project", help="只处理该项目（项目编码，如 HY）")
        parser.add_argument("--check", action="store_true", help="只检查并报告，不做改动；有问题时以非零状态退出")

    def handle(self, *args: Any, project: str | None = None, check: bool = False, **options: Any) -> None:
        scope = self._project(project)
        found = [(label, count) for label, count in self.problems(scope) if count]
        for label, count in found:
            self.stdout.write(f"{label}：{count} 个")
        if check:
            if found:
                raise CommandError(f"{self.noun}有 {sum(c for _l, c in found)} 处问题；不带 --check 运行可重建")
            self.stdout.write(f"{self.noun}没有问题")
            return
        self.remove_orphans(scope)
        keys = self.keys(scope)
        for start in range(0, len(keys), self.chunk):
            with transaction.atomic():
                self.rebuild(keys[start : start + self.chunk])
        self.stdout.write(f"已重建 {len(keys)} 户的{self.noun}")

    def _project(self, code: str | None) -> Project | None:
        if not code:
            return None
        found = Project.objects.filter(code=code).first()
        if found is None:
            raise CommandError(f"没有项目 {code}")
        return found

    # -- what each derived table says -------------------------------------------------------------
    def problems(self, project: Project | None) -> list[tuple[str, int]]:
        """(what is wrong, how many rows) — zero counts are not reported."""
        raise NotImplementedError

    def remove_orphans(self, project: Project | None) -> None:
        raise NotImplementedError

    def keys(self, project: Project | None) -> list[int]:
        """The ids the rebuild goes through, in order."""
        raise NotImplementedError

    def rebuild(self, keys: list[int]) -> None:
        raise NotImplementedError
