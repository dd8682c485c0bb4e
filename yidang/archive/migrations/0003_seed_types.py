from django.db import migrations


def load(apps, schema_editor):
    from yidang.archive.seed import load as load_types

    load_types(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("archive", "0002_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
