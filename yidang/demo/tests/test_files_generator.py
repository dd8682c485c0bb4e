"""The files generator without a database: what a demo household's file holds."""

from __future__ import annotations

import random
from datetime import UTC

from yidang.archive.seed import CATEGORIES
from yidang.demo import files
from yidang.demo.files import FileMaker, TypeSpec, checklist
from yidang.demo.households import HouseholdMaker
from yidang.demo.identity import ResidentIds
from yidang.demo.layout import buildings_of, project_plans


def _types() -> dict[str, TypeSpec]:
    specs, pk = {}, 0
    for _code, _name, types in CATEGORIES:
        for code, name, required, condition, original, form, retention in types:
            pk += 1
            specs[code] = TypeSpec(pk, code, name, required, condition, original, form, retention, None)
    return specs


def _files(households: int = 3000, project: int = 0, seed: int = 1):
    plan = project_plans(households)[project]
    rng = random.Random(seed)
    maker, filer = HouseholdMaker(plan, rng, ResidentIds()), FileMaker(random.Random(seed), _types(), UTC)
    made = [(h, filer.make(h)) for _, rooms in buildings_of(plan, rng) for room in rooms for h in [maker.make(room)]]
    return made


def test_occupied_households_hold_about_twenty_documents_each_and_vacant_rooms_no_file():
    made = _files()
    assert all((f is None) == (not h.current) for h, f in made)
    documents = sum(len(f.documents) for _, f in made if f)
    assert 18 < documents / len(made) < 22


def test_every_thousandth_file_is_thick_with_fifty_documents_and_two_hundred_events(monkeypatch):
    monkeypatch.setattr(files, "HEAVY_EVERY", 100)
    made = [f for _, f in _files() if f]
    thick = [f for f in made if f.heavy]
    assert len(thick) == len(made) // 100
    assert {(len(f.documents), len(f.events)) for f in thick} == {(50, 200)}
    assert max(len(f.documents) for f in made if not f.heavy) < 50


def test_items_are_numbered_in_the_order_they_were_filed():
    for _, f in _files(500):
        if f:
            assert [d.item_no for d in f.documents] == list(range(1, len(f.documents) + 1))
            assert [d.at for d in f.documents] == sorted(d.at for d in f.documents)


def test_copies_say_where_the_original_is_and_scan_only_types_are_scanned():
    docs = [d for _, f in _files(1000) if f for d in f.documents]
    assert all(d.is_original or d.original_location for d in docs)
    assert any(not d.is_original for d in docs) and any(not d.paper_present for d in docs)
    assert all(d.scans for d in docs if d.type.required_form == "scan")
    versions = [len(d.scans) for d in docs]
    assert 0.2 < sum(1 for v in versions if v) / len(docs) < 0.35 and 2 in versions


def test_some_files_are_complete_and_some_lack_papers():
    types = list(_types().values())
    ticks = [checklist(f, types) for _, f in _files(1000) if f]
    complete = sum(all(t.values()) for t in ticks)
    assert 0.2 * len(ticks) < complete < 0.8 * len(ticks)
    assert all(len(t) >= 9 for t in ticks)


def test_renovation_and_transfer_papers_come_with_their_flags():
    for _, f in _files(1000):
        if f:
            codes = {d.type.code for d in f.documents}
            assert f.has_transfer == ("has_transfer" in f.conditions)
            if not f.has_renovation:
                assert not codes & {"renovation_permit", "renovation_application"}
            if not f.has_transfer:
                assert "transfer_confirmation" not in codes


def test_the_same_seed_gives_the_same_files():
    def titles(seed):
        return [d.title for _, f in _files(300, seed=seed) if f for d in f.documents]

    assert titles(3) == titles(3)
    assert titles(3) != titles(4)
