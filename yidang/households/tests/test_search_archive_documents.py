"""The header search also finds a household by its archive number and by its documents' titles and notes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.world import PASSWORD
from yidang.accounts.queries import project_ids_of
from yidang.archive.actions import DocumentData, document_add, document_update
from yidang.archive.models import Archive, DocumentType
from yidang.households.models import SearchToken, TokenKind
from yidang.households.search import search_households
from yidang.households.tokens import document_extra_text, lookups_for, text_tokens


def found(world, query, user="assistant"):
    page = search_households(query, project_ids_of(world.users[user]))
    return [room.code for room in page.rooms]


def matches(world, query, user="assistant"):
    page = search_households(query, project_ids_of(world.users[user]))
    return {room.code: room.search_matches for room in page.rooms}  # type: ignore[attr-defined]


def file_document(world, room="hy0801", type_code="renovation_drawings", **fields):
    archive = Archive.objects.get(room=world.rooms[room])
    doc_type = DocumentType.objects.get(code=type_code)
    return document_add(archive=archive, data=DocumentData(doc_type=doc_type, **fields), actor=world.archivist)


def document_tokens(room):
    return set(SearchToken.objects.filter(room=room, kind=TokenKind.DOCUMENT).values_list("token", flat=True))


# ---- archive numbers ------------------------------------------------------------------------


def test_the_whole_archive_number_finds_the_household(world):
    assert found(world, "HY-A2-15-1503") == ["A2-15-1503"]
    assert found(world, "hy-a2-15-1503") == ["A2-15-1503"]


def test_a_prefix_of_the_archive_number_finds_the_households_under_it(world):
    assert found(world, "HY-A2") == ["A2-15-1503"]
    assert sorted(found(world, "HY-")) == ["A2-15-1503", "B1-8-801"]


def test_the_result_row_says_the_archive_number_matched(world):
    assert matches(world, "HY-A2-15") == {"A2-15-1503": ["档案号：HY-A2-15-1503"]}


def test_another_projects_archive_number_is_not_found(world):
    assert found(world, "JM-T1-15-1503") == []
    assert found(world, "JM-T1-15-1503", user="jm_assistant") == ["T1-15-1503"]


# ---- documents ------------------------------------------------------------------------------


def test_a_document_note_finds_the_household_and_says_so(world):
    file_document(world, note="阳台封闭，物业已验收")
    assert found(world, "阳台") == ["B1-8-801"]
    assert matches(world, "阳台封闭") == {"B1-8-801": ["文件：装修图纸（备注：阳台封闭，物业已验收）"]}


def test_the_extra_words_of_a_title_find_the_household(world):
    file_document(world, title="装修图纸（阳台改造）")
    assert found(world, "阳台改造") == ["B1-8-801"]
    assert found(world, "改造") == ["B1-8-801"]
    assert matches(world, "改造") == {"B1-8-801": ["文件：装修图纸（阳台改造）"]}


def test_a_title_equal_to_its_type_name_writes_no_tokens(world):
    room = world.rooms["hy0801"]
    file_document(world)
    file_document(world, title="装修图纸")
    assert document_tokens(room) == set()
    assert found(world, "装修图纸") == []


def test_only_the_words_beyond_the_type_name_are_tokens(world):
    file_document(world, title="装修图纸（阳台改造）")
    assert document_tokens(world.rooms["hy0801"]) == {"阳台改造", "台改造", "改造"}


def test_tokens_follow_a_document_update(world):
    doc = file_document(world, note="阳台漏水")
    document_update(
        document=doc,
        data=DocumentData(doc_type=doc.doc_type, title=doc.title, note="厨房改造"),
        actor=world.archivist,
    )
    assert found(world, "阳台") == []
    assert found(world, "厨房") == ["B1-8-801"]


def test_a_note_only_change_is_saved(world):
    doc = file_document(world, note="阳台漏水")
    updated = document_update(
        document=doc, data=DocumentData(doc_type=doc.doc_type, note="已修复"), actor=world.archivist
    )
    updated.refresh_from_db()
    assert updated.note == "已修复"


def test_household_changes_keep_the_document_and_archive_tokens(world):
    from yidang.households.actions import vehicle_add

    file_document(world, note="阳台漏水")
    vehicle_add(room=world.rooms["hy0801"], plate="粤B88888", actor=world.archivist)
    assert found(world, "阳台") == ["B1-8-801"]
    assert found(world, "HY-B1") == ["B1-8-801"]


def test_another_projects_document_notes_are_not_found(world):
    file_document(world, room="jm1503", note="阳台漏水")
    assert found(world, "阳台") == []
    assert found(world, "阳台", user="jm_assistant") == ["T1-15-1503"]


def test_a_household_matched_by_name_ranks_before_one_matched_by_a_note(world):
    file_document(world, note="张伟代为签收")
    assert found(world, "张伟") == ["A2-15-1503", "B1-8-801"]


def test_the_search_page_shows_what_matched(client, world):
    file_document(world, title="装修图纸（阳台改造）")
    client.login(username="assistant", password=PASSWORD)
    html = client.get(reverse("households:search"), {"q": "阳台"}).content.decode()
    assert "B1-8-801" in html
    assert "文件：装修图纸（<mark>阳台</mark>改造）" in html


def test_the_api_search_finds_a_document_note(client, world):
    file_document(world, note="阳台漏水")
    client.login(username="assistant", password=PASSWORD)
    body = client.get("/api/v1/households/", {"search": "漏水"}).json()
    assert [r["code"] for r in body["results"]] == ["B1-8-801"]


# ---- the pure token functions ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "type_name", "extra"),
    [
        ("装修图纸", "装修图纸", ""),
        ("装修 图纸", "装修图纸", ""),
        ("装修图纸（阳台改造）", "装修图纸", "(阳台改造)"),
        ("补充页", "房屋交接确认表", "补充页"),
    ],
)
def test_the_extra_text_of_a_title(title, type_name, extra):
    assert document_extra_text(title, type_name) == extra


def test_text_tokens_start_at_every_chinese_character_and_every_word():
    assert text_tokens("合同ZX2023-018，漏水") == {"合同zx2023-018", "同zx2023-018", "zx2023-018", "018", "漏水"}


def test_text_tokens_are_cut_and_single_characters_dropped():
    tokens = text_tokens("一二三四五六七八九十甲乙丙丁 水")
    assert max(len(t) for t in tokens) == 12
    assert "水" not in tokens and "丁" not in tokens


def test_short_latin_queries_do_not_scan_document_tokens():
    kinds = {lookup.kind for lookup in lookups_for("zw")}
    assert TokenKind.DOCUMENT not in kinds
    assert TokenKind.DOCUMENT in {lookup.kind for lookup in lookups_for("漏水")}


def test_document_actions_leave_the_tokens_a_full_reindex_would_write(world):
    from yidang.households.search import search_reindex

    room = world.rooms["hy0801"]
    file_document(world, title="装修图纸（阳台改造）", note="业主委托张三代办")
    doc = file_document(world, note="阳台漏水")
    document_update(document=doc, data=DocumentData(doc_type=doc.doc_type, note="厨房"), actor=world.archivist)
    after_actions = set(SearchToken.objects.filter(room=room).values_list("token", "kind"))
    search_reindex([room.id])
    assert set(SearchToken.objects.filter(room=room).values_list("token", "kind")) == after_actions
    assert SearchToken.objects.filter(room=room).count() == len(after_actions)


def test_documents_filed_in_bulk_get_their_tokens_once_per_household(world):
    from yidang.households.search import document_tokens_write

    room = world.rooms["hy0801"]
    written = document_tokens_write(
        [
            (room.pk, room.project_id, "装修图纸", "", "装修图纸"),
            (room.pk, room.project_id, "装修图纸（阳台改造）", "阳台漏水", "装修图纸"),
            (room.pk, room.project_id, "装修图纸", "阳台漏水", "装修图纸"),
        ]
    )
    assert written == len(document_tokens(room)) == len({"阳台改造", "台改造", "改造", "阳台漏水", "台漏水", "漏水"})
    assert found(world, "漏水") == ["B1-8-801"]
