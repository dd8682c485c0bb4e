"""Every six months a random sample of at least 5 % of each building's files, reproducible from its seed."""

from __future__ import annotations

import math

import pytest
import time_machine

from yidang.core.errors import DomainError
from yidang.inspections.actions import (
    inspection_sample_draw,
    inspection_sample_reproduce,
    inspection_samples_due,
)
from yidang.inspections.models import Inspection, InspectionKind
from yidang.inspections.sampling import sample_draw, stratum_size
from yidang.inspections.tests.conftest import building_with, local


def test_each_building_gets_at_least_5_percent_rounded_up():
    population = {1: list(range(1000, 2000)), 2: list(range(5000, 5035)), 3: [9001]}
    drawn = sample_draw(population, seed=42, percent=5)
    assert {b: len(ids) for b, ids in drawn.items()} == {1: 50, 2: 2, 3: 1}
    for b, ids in drawn.items():
        assert set(ids) <= set(population[b])
        assert len(ids) >= math.ceil(0.05 * len(population[b]))
    assert stratum_size(0, 5) == 0 and stratum_size(20, 5) == 1 and stratum_size(21, 5) == 2


def test_the_same_seed_draws_the_same_sample_and_another_seed_another():
    population = {1: list(range(1, 401)), 2: list(range(401, 461))}
    assert sample_draw(population, seed=7, percent=5) == sample_draw(
        {2: list(reversed(population[2])), 1: population[1]}, seed=7, percent=5
    )
    assert sample_draw(population, seed=7, percent=5) != sample_draw(population, seed=8, percent=5)


def test_one_buildings_files_do_not_change_another_buildings_draw():
    base = {1: list(range(1, 201)), 2: list(range(201, 301))}
    more = {**base, 3: list(range(301, 341))}
    assert sample_draw(base, seed=99, percent=5)[1] == sample_draw(more, seed=99, percent=5)[1]


def test_a_draw_records_seed_population_and_files_stratified_by_building(world):
    building_with(world.hy, "E1", rooms=25, occupied=25, actor=world.archivist)
    building_with(world.hy, "E2", rooms=7, occupied=7, actor=world.archivist)
    inspection = inspection_sample_draw(project=world.hy, actor=world.supervisor, seed=123456789)
    assert inspection.kind == InspectionKind.SAMPLE and inspection.seed == 123456789
    by_code = {s["code"]: (s["population"], s["drawn"]) for s in inspection.strata}
    assert by_code == {"A2": (1, 1), "B1": (1, 1), "E1": (25, 2), "E2": (7, 1)}
    drawn = sorted(inspection.records.values_list("archive_id", flat=True))
    redone = inspection_sample_reproduce(Inspection.objects.get(pk=inspection.pk))
    assert sorted(a for ids in redone.values() for a in ids) == drawn
    for building_id, ids in redone.items():
        assert all(a in inspection.population[str(building_id)] for a in ids)


def test_the_same_seed_on_another_day_draws_the_same_files(world):
    building_with(world.hy, "E3", rooms=30, occupied=30, actor=world.archivist)
    with time_machine.travel(local(2026, 3, 1, 10), tick=False):
        first = inspection_sample_draw(project=world.hy, actor=world.supervisor, seed=2026)
    with time_machine.travel(local(2026, 9, 1, 10), tick=False):
        second = inspection_sample_draw(project=world.hy, actor=world.supervisor, seed=2026)
    assert first.period == "2026H1" and second.period == "2026H2"
    assert set(first.records.values_list("archive_id", flat=True)) == set(
        second.records.values_list("archive_id", flat=True)
    )


def test_one_sample_per_project_per_half_year(world):
    with time_machine.travel(local(2026, 2, 1, 10), tick=False):
        inspection_sample_draw(project=world.hy, actor=world.supervisor)
    with time_machine.travel(local(2026, 6, 30, 10), tick=False), pytest.raises(DomainError, match="每半年一次"):
        inspection_sample_draw(project=world.hy, actor=world.supervisor)
    assert Inspection.objects.filter(project=world.hy).count() == 1


def test_the_six_monthly_job_draws_each_project_once_a_half_year(world):
    with time_machine.travel(local(2026, 7, 1, 9), tick=False):
        assert inspection_samples_due() == 2  # HY and JM have files
        assert inspection_samples_due() == 0
    with time_machine.travel(local(2027, 1, 2, 9), tick=False):
        assert inspection_samples_due() == 2
    periods = sorted(Inspection.objects.filter(project=world.hy).values_list("period", flat=True))
    assert periods == ["2026H2", "2027H1"]
    assert all(i.seed is not None for i in Inspection.objects.all())


@pytest.mark.parametrize("who", ["archivist", "manager", "assistant", "jm_assistant"])
def test_only_the_projects_supervisor_draws_a_sample(world, who):
    with pytest.raises(DomainError):
        inspection_sample_draw(project=world.hy, actor=world.users[who])
    assert not Inspection.objects.exists()
