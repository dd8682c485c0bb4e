"""Ids reserved for rows written with their id (``core.bulk.reserve_ids``) are never an id handed out
before: not one a row holds, not one a deleted row held, not one another reservation took."""

from __future__ import annotations

from django.db import transaction

from yidang.core.bulk import reserve_ids
from yidang.people.models import Person


def test_reserved_ids_are_above_every_id_ever_given_even_a_deleted_rows(db):
    with transaction.atomic():
        people = Person.objects.bulk_create([Person(name=f"人{i}") for i in range(3)])
    highest = max(p.pk for p in people)
    Person.objects.filter(pk=highest).delete()

    with transaction.atomic():
        first = reserve_ids(Person, 2)
        Person.objects.bulk_create([Person(pk=pk, name="预留") for pk in first])
        second = reserve_ids(Person, 2)

    assert first[0] > highest and len(set(first)) == 2
    assert min(second) > max(first)


def test_reserving_nothing_asks_nothing(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert reserve_ids(Person, 0) == []
