"""The search tokens are derived: ``manage.py search_rebuild`` finds tokens no room stands behind and
makes every household's tokens again."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from yidang.households.models import SearchToken, TokenKind
from yidang.households.search import search_households


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("search_rebuild", *args, stdout=out)
    return out.getvalue()


def orphan_token(world) -> None:
    """A token of a room that is gone, as a raw delete or a bad restore would leave one."""
    table = SearchToken._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (project_id, token, kind, room_id) VALUES (%s, %s, %s, %s)",
            [world.hy.pk, "孤儿", int(TokenKind.NAME), 987654321],
        )


def test_check_passes_when_every_token_has_its_room(world):
    assert "没有问题" in run("--check")


def test_check_names_tokens_whose_room_is_gone_and_fails(world):
    orphan_token(world)
    with pytest.raises(CommandError, match="1 处问题"):
        run("--check")


def test_rebuild_removes_orphans_and_brings_back_a_households_tokens(world):
    room = world.rooms["hy1503"]
    orphan_token(world)
    SearchToken.objects.filter(room=room).delete()
    assert search_households("1503", [world.hy.pk]).rooms == []

    out = run("--project", "HY")

    assert "已重建" in out
    assert [r.code for r in search_households("1503", [world.hy.pk]).rooms] == ["A2-15-1503"]
    assert not SearchToken.objects.filter(token="孤儿").exists()
    assert "没有问题" in run("--check")


def test_an_unknown_project_is_refused(world):
    with pytest.raises(CommandError, match="没有项目 XX"):
        run("--project", "XX")
