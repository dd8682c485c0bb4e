"""Household search: every way a front-desk user may look a household up."""

from __future__ import annotations

from yidang.households.search import search_households


def codes(world, query, user="assistant"):
    from yidang.accounts.queries import project_ids_of

    return [room.code for room in search_households(query, project_ids_of(world.users[user])).rooms]


def test_room_number_finds_the_room(world):
    assert codes(world, "1503") == ["A2-15-1503"]


def test_building_and_room_finds_the_room(world):
    assert codes(world, "A2-1503") == ["A2-15-1503"]
    assert codes(world, "a2-15-1503") == ["A2-15-1503"]


def test_full_width_input_is_normalised(world):
    assert codes(world, "Ａ２－１５０３") == ["A2-15-1503"]


def test_two_character_name_is_found(world):
    assert codes(world, "张伟") == ["A2-15-1503"]


def test_part_of_a_compound_surname_name_is_found(world):
    assert codes(world, "欧阳") == ["B1-8-801"]
    assert codes(world, "阳娜") == ["B1-8-801"]


def test_pinyin_initials_and_full_pinyin_find_the_owner(world):
    assert codes(world, "zw") == ["A2-15-1503"]
    assert codes(world, "zhangwei") == ["A2-15-1503"]
    assert codes(world, "ouyang") == ["B1-8-801"]


def test_phone_tail_finds_the_household(world):
    assert codes(world, "5678") == ["A2-15-1503"]
    assert codes(world, "12345678") == ["A2-15-1503"]


def test_plate_is_found_with_or_without_province(world):
    assert codes(world, "京A12345") == ["A2-15-1503"]
    assert codes(world, "a12345") == ["A2-15-1503"]


def test_full_id_number_finds_the_household(world):
    from tests.world import ID_ZHANG_WEI

    assert codes(world, ID_ZHANG_WEI.lower()) == ["A2-15-1503"]


def test_search_never_returns_another_projects_households(world):
    assert codes(world, "张伟", user="jm_assistant") == ["T1-15-1503"]
    assert codes(world, "9999") == []


def test_exact_room_match_ranks_first(world):
    from yidang.households.actions import household_occupant_add
    from yidang.people.actions import PersonData

    household_occupant_add(
        room=world.rooms["hy0802"],
        role="owner",
        actor=world.archivist,
        person_data=PersonData(name="李明", phone="13700001503"),
    )
    assert codes(world, "1503")[0] == "A2-15-1503"


def test_a_transfer_moves_the_household_to_the_new_owners_name(world):
    import datetime

    from yidang.households.actions import household_transfer
    from yidang.people.actions import PersonData

    household_transfer(
        room=world.rooms["hy1503"],
        new_owner=PersonData(name="王芳", phone="13600002222"),
        transfer_date=datetime.date.today() + datetime.timedelta(days=1),
        actor=world.archivist,
    )
    assert codes(world, "王芳") == ["A2-15-1503"]
    assert codes(world, "zw") == []
    assert world.rooms["hy1503"].occupancies.count() == 2


def test_empty_query_finds_nothing(world):
    assert codes(world, "   ") == []
