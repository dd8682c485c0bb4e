"""Key rotation: ``rotate_field_key`` moves every ID number to the newest key, all or nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command

from tests.world import ID_OUYANG, ID_ZHANG_WEI
from yidang.accounts.queries import project_ids_of
from yidang.audit.models import AuditEvent
from yidang.households.actions import household_occupant_add
from yidang.households.search import search_households
from yidang.people import crypto
from yidang.people.actions import PersonData
from yidang.people.models import Person

PASSPORT = "E12345678"


@pytest.fixture
def keys(settings, world):
    """The world's people were encrypted with ``old``; ``new`` has just been put in front of it."""
    old = settings.YIDANG_FIELD_KEY.split(",")[0]
    household_occupant_add(
        room=world.rooms["hy0802"],
        role="tenant",
        actor=world.archivist,
        person_data=PersonData(name="Smith John", id_type="passport", id_number=PASSPORT),
    )
    new = Fernet.generate_key().decode()
    settings.YIDANG_FIELD_KEY = f"{new},{old}"
    return new, old


def rotate(batch_size=1000):
    out = StringIO()
    call_command("rotate_field_key", "--batch-size", str(batch_size), stdout=out)
    return out.getvalue()


def found_by_id(world, number):
    return [r.code for r in search_households(number, project_ids_of(world.assistant)).rooms]


def test_after_rotation_every_id_opens_with_the_new_key_alone(settings, world, keys):
    new, _old = keys
    rotate()

    settings.YIDANG_FIELD_KEY = new

    numbers = {p.name: crypto.decrypt(p.id_number_enc) for p in Person.objects.exclude(id_number_enc="")}
    assert numbers == {"张伟": ID_ZHANG_WEI, "欧阳娜娜": ID_OUYANG, "Smith John": PASSPORT}


def test_after_rotation_id_lookups_work_with_the_old_key_dropped(settings, world, keys):
    new, _old = keys
    rotate()

    settings.YIDANG_FIELD_KEY = new

    assert Person.objects.get(id_hash=crypto.lookup_hash(ID_OUYANG)).name == "欧阳娜娜"
    assert found_by_id(world, ID_ZHANG_WEI) == ["A2-15-1503"]
    assert found_by_id(world, PASSPORT) == ["B1-8-802"]


def test_before_rotation_id_lookups_miss_which_is_why_the_command_exists(world, keys):
    assert found_by_id(world, ID_ZHANG_WEI) == []


def test_rotation_runs_in_batches_and_writes_one_audit_row(world, keys):
    output = rotate(batch_size=2)

    assert "3 位人员" in output
    assert "2 批" in output
    event = AuditEvent.objects.get(action="person.id_key_rotate")
    assert event.after == {"persons": 3, "batches": 2, "rooms_reindexed": 3}
    assert event.actor_label == "manage.py rotate_field_key"


def test_a_value_no_key_can_open_aborts_the_rotation_and_changes_nothing(settings, world, keys):
    stranger = Person.objects.create(
        name="外来数据", id_number_enc=Fernet(Fernet.generate_key()).encrypt(b"x").decode()
    )
    before = list(Person.objects.order_by("pk").values_list("id_number_enc", "id_hash"))
    audit_before = AuditEvent.objects.count()

    with pytest.raises(CommandError, match=f"人员 #{stranger.pk} 的证件号码无法用 YIDANG_FIELD_KEY 中的任何密钥解密"):
        rotate(batch_size=1)

    assert list(Person.objects.order_by("pk").values_list("id_number_enc", "id_hash")) == before
    assert AuditEvent.objects.count() == audit_before


def test_rotating_twice_is_harmless(settings, world, keys):
    rotate()
    rotate()
    settings.YIDANG_FIELD_KEY = keys[0]
    assert found_by_id(world, ID_ZHANG_WEI) == ["A2-15-1503"]


def test_a_batch_size_below_one_is_refused(world):
    with pytest.raises(CommandError, match="--batch-size 必须大于 0"):
        rotate(batch_size=0)
