"""The two documents the service desk files into a household's 服务记录: the repair slip and the complaint report."""

from django.db import migrations

TYPES = [
    # code, name, sort
    ("repair_slip", "报修单", 21),
    ("complaint_report", "投诉处理报告", 11),
]


def add_types(apps, schema_editor):
    Category = apps.get_model("archive", "Category")
    DocumentType = apps.get_model("archive", "DocumentType")
    category, _ = Category.objects.get_or_create(code="service", defaults={"name": "服务记录", "sort": 50})
    for code, name, sort in TYPES:
        DocumentType.objects.get_or_create(
            code=code,
            defaults={
                "category": category,
                "name": name,
                "required": False,
                "condition": "always",
                "original_required": False,
                "required_form": "either",
                "retention_class": "y30",
                "sort": sort,
            },
        )


def remove_types(apps, schema_editor):
    apps.get_model("archive", "DocumentType").objects.filter(code__in=[c for c, _, _ in TYPES], document=None).delete()


class Migration(migrations.Migration):
    dependencies = [("archive", "0003_seed_types"), ("service", "0002_ticket_confirm_code_document")]
    operations = [migrations.RunPython(add_types, remove_types)]
