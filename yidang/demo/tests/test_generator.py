"""The generator without a database: names, ID numbers, project plans, determinism."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

from yidang.demo.households import HouseholdMaker
from yidang.demo.identity import ResidentIds
from yidang.demo.layout import DEMO_PROJECTS, buildings_of, project_plans
from yidang.demo.names import COMPOUND_SURNAMES, full_name
from yidang.people.idnumbers import IdType, birthday_from_resident_id, sex_from_resident_id, validate_id
from yidang.places.models import room_code


def test_about_forty_percent_of_names_have_two_characters_and_compound_surnames_occur():
    rng = random.Random(1)
    names = [full_name(rng, rng.choice("MF")) for _ in range(20_000)]
    lengths = Counter(len(n) for n in names)
    assert 0.35 < lengths[2] / len(names) < 0.45
    assert any(n[:2] in COMPOUND_SURNAMES for n in names)


def test_resident_ids_carry_the_birth_date_and_sex_asked_for_and_never_repeat():
    ids, rng = ResidentIds(), random.Random(2)
    born = date(1980, 2, 29)
    numbers = [ids.issue(rng, born, "F")[0] for _ in range(3000)]
    assert len(set(numbers)) == len(numbers)
    for number in numbers:
        assert validate_id(IdType.RESIDENT, number) == number
        assert birthday_from_resident_id(number) == born
        assert sex_from_resident_id(number) == "F"


def test_a_million_households_spread_over_twenty_projects():
    plans = project_plans(1_000_000)
    assert len(plans) == 20
    assert sum(p.households for p in plans) == 1_000_000
    assert [p.code for p in plans[:2]] == ["HY", "JM"]
    assert len({p.code for p in plans}) == 20


def test_small_seeds_have_only_the_two_demo_projects():
    assert [(p.code, p.households) for p in project_plans(3000)] == [("HY", 2400), ("JM", 600)]


def test_room_codes_are_unique_within_a_project():
    plan = project_plans(60_000)[0]
    codes = [
        room_code(r.building, r.floor, r.number) for _, rooms in buildings_of(plan, random.Random(3)) for r in rooms
    ]
    assert len(codes) == plan.households == len(set(codes))


def test_the_same_seed_gives_the_same_households():
    def names(seed):
        plan = project_plans(500)[0]
        rng = random.Random(seed)
        maker = HouseholdMaker(plan, rng, ResidentIds())
        return [
            (o.person.name, o.person.id_number) if o.person else (o.organization.name if o.organization else "")
            for _, rooms in buildings_of(plan, rng)
            for room in rooms
            for o in maker.make(room).occupants
        ]

    assert names(7) == names(7)
    assert names(7) != names(8)
    assert DEMO_PROJECTS[0].code == "HY"
