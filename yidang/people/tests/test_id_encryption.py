"""ID numbers at rest: encrypted in the database, found by a keyed hash, never stored in clear anywhere."""

from __future__ import annotations

import hashlib

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from tests.world import ID_OUYANG, ID_ZHANG_WEI
from yidang.people import crypto
from yidang.people.actions import person_reveal_id
from yidang.people.models import Person


def all_rows_as_text() -> str:
    """Every row of every table, read with raw SQL, as one string."""
    chunks: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def test_no_table_holds_a_clear_id_number(world):
    text = all_rows_as_text()
    for number in (ID_ZHANG_WEI, ID_OUYANG):
        assert number not in text
        assert number.lower() not in text
        assert number[6:] not in text  # not even without the region code


def test_the_id_column_holds_a_fernet_token_that_opens_to_the_number(world):
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number_enc, id_masked FROM people_person WHERE name = %s", ["张伟"])
        rows = cursor.fetchall()
    hy_row = [r for r in rows if r[0]]
    assert len(hy_row) == 1
    token, masked = hy_row[0]
    assert token.startswith("gAAAAA")
    assert crypto.decrypt(token) == ID_ZHANG_WEI
    assert masked == "110***********002X"


def test_a_person_is_found_by_the_keyed_hash_of_their_id_number(world):
    found = Person.objects.filter(id_hash=crypto.lookup_hash(ID_ZHANG_WEI))
    assert [p.name for p in found] == ["张伟"]
    assert person_reveal_id(found[0]) == ID_ZHANG_WEI


def test_the_lookup_hash_is_keyed_not_a_plain_digest(settings):
    plain = crypto.lookup_hash(ID_ZHANG_WEI)
    assert plain != hashlib.sha256(ID_ZHANG_WEI.encode()).hexdigest()
    settings.YIDANG_FIELD_KEY = Fernet.generate_key().decode()
    assert crypto.lookup_hash(ID_ZHANG_WEI) != plain


def test_the_same_number_encrypts_differently_each_time():
    assert crypto.encrypt(ID_ZHANG_WEI) != crypto.encrypt(ID_ZHANG_WEI)


def test_a_value_cannot_be_read_without_its_key(settings):
    token = crypto.encrypt(ID_ZHANG_WEI)
    settings.YIDANG_FIELD_KEY = Fernet.generate_key().decode()
    with pytest.raises(ImproperlyConfigured, match="YIDANG_FIELD_KEY"):
        crypto.decrypt(token)


@pytest.mark.parametrize("raw", ["", " , ", "not-a-fernet-key"])
def test_a_bad_field_key_fails_naming_the_setting(settings, raw):
    settings.YIDANG_FIELD_KEY = raw
    with pytest.raises(ImproperlyConfigured, match="YIDANG_FIELD_KEY"):
        crypto.encrypt(ID_ZHANG_WEI)
