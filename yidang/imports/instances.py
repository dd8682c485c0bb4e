"""Building and inserting model instances in bulk, fast enough for 100,000-row imports.

``Model(**kwargs)`` costs ~30 µs (signals, per-field descriptor work) and ``bulk_create`` on
PostgreSQL dumps every value into arrays in Python; an import creates three or four objects per
row, so both together were more than half the time of a commit. Here instances are built from
their field defaults plus the given values (no ``__init__``; the models involved have no
pre/post-init receivers), ids are reserved from the table's sequence up front, and the rows go
in through ``core.bulk.bulk_insert`` (COPY on PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Field, Model
from django.db.models.base import ModelState
from django.utils import timezone

from yidang.core.bulk import bulk_insert, bulk_insert_while, reserve_ids

M = TypeVar("M", bound=Model)


@cache
def _fields(model: type[Model]) -> tuple[Field[Any, Any], ...]:
    return tuple(model._meta.concrete_fields)  # type: ignore[arg-type]


@cache
def _defaults(model: type[Model]) -> tuple[dict[str, Any], tuple[Field[Any, Any], ...]]:
    """Fields whose default is a constant (``get_default`` returns the same value every time),
    as one dict, and the fields whose default must be called for each instance."""
    called = tuple(f for f in _fields(model) if (f.has_default() and callable(f.default)) or f.has_db_default())
    return {f.attname: f.get_default() for f in _fields(model) if f not in called}, called


def new_instance(model: type[M], values: Mapping[str, Any], related: Mapping[str, Model | None] | None = None) -> M:
    """An unsaved ``model`` with every field at its default except ``values`` (by attname).

    ``related`` sets foreign keys to objects that may not be saved yet (their ids are read
    when the row is written).
    """
    obj = model.__new__(model)
    data = obj.__dict__
    constants, called = _defaults(model)
    data.update(constants)
    for field in called:
        data[field.attname] = field.get_default()
    data.update(values)
    obj._state = ModelState()
    if related:
        obj._state.fields_cache.update(related)
    return obj


def insert_instances(model: type[M], objs: Sequence[M], meanwhile: Callable[[], object] | None = None) -> None:
    """Give ``objs`` ids and timestamps, resolve their foreign keys, and insert them in one go;
    ``meanwhile()`` (no database) runs while they are written (``core.bulk.bulk_insert_while``)."""
    if not objs:
        if meanwhile is not None:
            meanwhile()
        return
    now = timezone.now()
    fields = _fields(model)
    stamps = [f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    relations = [(f.attname, f.name) for f in fields if f.is_relation]
    for obj, pk in zip(objs, reserve_ids(model, len(objs)), strict=True):
        obj.pk = pk
        data = obj.__dict__
        for attname in stamps:
            data[attname] = now
        for attname, name in relations:
            target = obj._state.fields_cache.get(name)
            if target is not None:
                data[attname] = target.pk
        obj._state.adding = False
    prepare = connection.vendor != "postgresql"  # psycopg's COPY takes Python values as they are
    rows = (
        [
            f.get_db_prep_save(obj.__dict__[f.attname], connection) if prepare else obj.__dict__[f.attname]
            for f in fields
        ]
        for obj in objs
    )
    columns = [str(f.column) for f in fields]
    if meanwhile is None:
        bulk_insert(model, columns, rows)
    else:
        bulk_insert_while(model, columns, rows, meanwhile)
