"""``manage.py rotate_field_key [--batch-size N]``: re-encrypt every ID number with the newest key.

Rotation path. ``YIDANG_FIELD_KEY`` holds Fernet keys, newest first, comma-separated
(the environment variable, else ``var/field_key``):

1. Make a key: ``python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"``.
2. Put it in front — ``YIDANG_FIELD_KEY="new,old"`` — and restart. New values are encrypted with
   the new key and every old value stays readable, but exact ID look-ups of existing people stop
   matching: the look-up hash is keyed by the newest key.
3. Run ``manage.py rotate_field_key``. In one transaction, batch by batch with the rows locked,
   every person's ID number is decrypted with whichever key opens it, encrypted with the new key,
   its ``id_hash`` recomputed, and the search tokens of the rooms they occupy rebuilt; one audit
   row records the count. A value no key can open aborts the run and changes nothing.
4. Drop the old key — ``YIDANG_FIELD_KEY="new"`` — and restart.
5. Backups made before step 3 still need the old key: keep it (offline) as long as those backups.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from yidang.audit.actions import Change, audit_record
from yidang.households.models import Occupancy
from yidang.households.search import search_reindex
from yidang.people import crypto
from yidang.people.models import Person

ACTOR = "manage.py rotate_field_key"


@dataclass
class Rotation:
    persons: int = 0
    batches: int = 0
    rooms: int = 0


class UnreadableValue(Exception):
    def __init__(self, person_id: int) -> None:
        super().__init__(f"人员 #{person_id} 的证件号码无法用 YIDANG_FIELD_KEY 中的任何密钥解密")
        self.person_id = person_id


def _rotate_one(person: Person) -> None:
    try:
        plain = crypto.decrypt(person.id_number_enc)
    except ImproperlyConfigured as exc:
        raise UnreadableValue(person.pk) from exc
    person.id_number_enc = crypto.encrypt(plain)
    person.id_hash = crypto.lookup_hash(plain)


def _next_batch(after_pk: int, size: int) -> list[Person]:
    """The next ``size`` people with an ID number, locked until the rotation commits."""
    return list(
        Person.objects.select_for_update()
        .exclude(id_number_enc="")
        .filter(pk__gt=after_pk)
        .order_by("pk")
        .only("pk", "id_number_enc", "id_hash")[:size]
    )


def field_key_rotate(*, actor: Any, batch_size: int = 1000) -> Rotation:
    """Re-encrypt every ID number with the newest key and recompute its look-up hash.

    All or nothing: one transaction, processed in batches of ``batch_size`` to bound memory.
    Raises ``UnreadableValue`` (and changes nothing) when a value cannot be decrypted.
    """
    done = Rotation()
    with transaction.atomic():
        last_pk = 0
        while batch := _next_batch(last_pk, batch_size):
            for person in batch:
                _rotate_one(person)
            Person.objects.bulk_update(batch, ["id_number_enc", "id_hash"])
            room_ids = set(
                Occupancy.objects.filter(person__in=batch, end_date__isnull=True).values_list("room_id", flat=True)
            )
            search_reindex(room_ids)
            done.persons += len(batch)
            done.batches += 1
            done.rooms += len(room_ids)
            last_pk = batch[-1].pk
        audit_record(
            actor=actor,
            change=Change(
                "person.id_key_rotate",
                Person(name="全部人员"),
                after={"persons": done.persons, "batches": done.batches, "rooms_reindexed": done.rooms},
            ),
        )
    return done


class Command(BaseCommand):
    help = "用 YIDANG_FIELD_KEY 中最新的密钥重新加密全部证件号码，并重算检索哈希（详见本文件说明）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=1000, help="每批处理的人数（默认 1000）")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch_size"] < 1:
            raise CommandError("--batch-size 必须大于 0")
        keys = [k for k in settings.YIDANG_FIELD_KEY.split(",") if k.strip()]
        if len(keys) < 2:
            self.stdout.write("提示：YIDANG_FIELD_KEY 只有一个密钥，本次只会用同一密钥重新加密。")
        try:
            done = field_key_rotate(actor=ACTOR, batch_size=options["batch_size"])
        except UnreadableValue as exc:
            raise CommandError(f"{exc}；未做任何修改。请把能解密它的旧密钥放回 YIDANG_FIELD_KEY 后重试。") from exc
        self.stdout.write(
            f"已用新密钥重新加密 {done.persons} 位人员的证件号码（{done.batches} 批），"
            f"重建了 {done.rooms} 户的检索词。现在可以从 YIDANG_FIELD_KEY 中去掉旧密钥。"
        )
