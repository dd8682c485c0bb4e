"""Rebuild the files' checklists, a derived table (``core.derived``); --check only reports."""

from __future__ import annotations

from django.db.models import QuerySet

from yidang.archive.checklist import checklist_miscounted, checklist_orphans, checklist_refresh
from yidang.archive.models import Archive
from yidang.core.derived import RebuildCommand
from yidang.places.models import Project


class Command(RebuildCommand):
    help = (
        "重建业户档案的文件目录（必备文件及是否已齐）。目录由档案的适用条件和已归档文件推导，可随时重建；"
        "--check 只报告档案或文件类型已不存在的目录项，以及件数与目录项不符的档案，有则以非零状态退出。"
    )
    noun = "档案目录"

    # An item whose file is gone has no project to scope it by: orphans are found and removed in
    # every run, with or without --project.
    def problems(self, project: Project | None) -> list[tuple[str, int]]:
        files = checklist_miscounted().filter(pk__in=self._files(project).values("pk"))
        return [
            ("档案或文件类型已不存在的目录项", checklist_orphans().count()),
            ("件数与目录项不符的档案", files.count()),
        ]

    def remove_orphans(self, project: Project | None) -> None:
        checklist_orphans().delete()

    def keys(self, project: Project | None) -> list[int]:
        return list(self._files(project).order_by("id").values_list("id", flat=True))

    def rebuild(self, keys: list[int]) -> None:
        for archive in Archive.objects.filter(id__in=keys).order_by("id"):
            checklist_refresh(archive)

    def _files(self, project: Project | None) -> QuerySet[Archive]:
        return Archive.objects.filter(project=project) if project else Archive.objects.all()
