"""Rebuild the household search tokens, a derived table (``core.derived``); --check only reports."""

from __future__ import annotations

from django.db.models import QuerySet

from yidang.core.derived import RebuildCommand
from yidang.households.models import SearchToken
from yidang.households.search import search_orphans, search_reindex
from yidang.places.models import Project, Room


class Command(RebuildCommand):
    help = (
        "重建业户检索词。检索词由房屋、业户、车辆和档案推导，可随时重建；"
        "--check 只报告房屋已不存在或项目不符的检索词，有则以非零状态退出。"
    )
    noun = "检索词"

    def problems(self, project: Project | None) -> list[tuple[str, int]]:
        return [("房屋已不存在或项目不符的检索词", self._orphans(project).count())]

    def remove_orphans(self, project: Project | None) -> None:
        self._orphans(project).delete()

    def keys(self, project: Project | None) -> list[int]:
        rooms = Room.objects.filter(project=project) if project else Room.objects.all()
        return list(rooms.order_by("id").values_list("id", flat=True))

    def rebuild(self, keys: list[int]) -> None:
        search_reindex(keys)

    def _orphans(self, project: Project | None) -> QuerySet[SearchToken]:
        orphans = search_orphans()
        return orphans.filter(project_id=project.pk) if project else orphans
