"""A destroyed document's title no longer finds its household; its ghost stays on the file's catalogue."""

from __future__ import annotations

from yidang.accounts.queries import project_ids_of
from yidang.households.models import SearchToken, TokenKind
from yidang.households.search import search_households, search_reindex
from yidang.retention.tests.flow import destroyed


def found(world, query: str) -> list[str]:
    return [room.code for room in search_households(query, project_ids_of(world.archivist)).rooms]


def document_tokens(room) -> set[str]:
    return set(SearchToken.objects.filter(room=room, kind=TokenKind.DOCUMENT).values_list("token", flat=True))


def test_search_finds_a_title_until_its_document_is_destroyed(world, papers):
    room = world.rooms["hy1503"]
    assert found(world, "停水") == [room.code]

    destroyed(world)

    assert found(world, "停水") == []
    assert not any(t.startswith("停水") for t in document_tokens(room))
    assert found(world, "张伟") == [room.code]  # the household's other tokens stay


def test_a_full_reindex_does_not_bring_a_destroyed_title_back(world, papers):
    room = world.rooms["hy1503"]
    destroyed(world)

    search_reindex([room.pk])

    assert found(world, "停水") == []
    assert found(world, "HY-A2-15-1503") == [room.code]


def test_the_destroyed_document_stays_on_the_catalogue_as_its_ghost(client, world, papers):
    dlist = destroyed(world)
    client.force_login(world.archivist)

    page = client.get(f"/archive/{papers.archive.pk}/").content.decode()

    assert "<s>停水通知</s>" in page and dlist.number in page
