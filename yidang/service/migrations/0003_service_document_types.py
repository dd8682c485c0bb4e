"""The two documents the service desk files into a household's 服务记录: the repair slip and the complaint report."""

from django.db import migrations


def add_types(apps, schema_editor):
    from yidang.service.seed import document_types_load

    document_types_load(apps)


def remove_types(apps, schema_editor):
    from yidang.service.seed import DOCUMENT_TYPES

    codes = [code for code, _name, _sort in DOCUMENT_TYPES]
    apps.get_model("archive", "DocumentType").objects.filter(code__in=codes, document=None).delete()


class Migration(migrations.Migration):
    dependencies = [("archive", "0003_seed_types"), ("service", "0002_ticket_confirm_code_document")]
    operations = [migrations.RunPython(add_types, remove_types)]
