"""Give SearchToken.token the byte-order "C" collation on PostgreSQL.

Prefix searches are ranges (token >= q AND token < q || U+10FFFF); they are only correct when
the column sorts by code point, which "C" guarantees whatever the database's locale. SQLite's
default BINARY collation already does.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'ALTER TABLE households_searchtoken ALTER COLUMN token TYPE varchar(64) COLLATE "C"'
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE households_searchtoken ALTER COLUMN token TYPE varchar(64) COLLATE \"default\"")


class Migration(migrations.Migration):
    dependencies = [("households", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
