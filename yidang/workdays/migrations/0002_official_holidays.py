"""Seed the working calendar with the official holidays and 调休 days ``chinesecalendar`` knows."""

from django.db import migrations


def seed(apps, schema_editor):
    from yidang.workdays.holidays import official_days

    CalendarDay = apps.get_model("workdays", "CalendarDay")
    CalendarDay.objects.bulk_create(
        [CalendarDay(date=d.date, is_workday=d.is_workday, name=d.name) for d in official_days()],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
