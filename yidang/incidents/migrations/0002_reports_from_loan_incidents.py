"""Return incidents recorded by the loans app become loss/damage reports (one model of loss and damage).

Each ``loans.LoanIncident`` becomes an ``IncidentReport`` naming its loan, with the same papers, note,
reporter and time (found at the return); its cause is still to be established. Timeline events that
pointed at the old row point at the new one.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    LoanIncident = apps.get_model("loans", "LoanIncident")
    IncidentReport = apps.get_model("incidents", "IncidentReport")
    TimelineEvent = apps.get_model("timeline", "TimelineEvent")
    for old in LoanIncident.objects.select_related("loan").order_by("pk").iterator():
        new = IncidentReport.objects.create(
            project_id=old.loan.project_id,
            archive_id=old.loan.archive_id,
            loan_id=old.loan_id,
            kind=old.kind,
            cause="unknown",
            note=old.note,
            found_at=old.recorded_at,
            recorded_by_id=old.recorded_by_id,
            recorded_at=old.recorded_at,
        )
        new.documents.set(list(old.documents.values_list("pk", flat=True)))
        TimelineEvent.objects.filter(object_type="loans.loanincident", object_id=str(old.pk)).update(
            object_type="incidents.incidentreport", object_id=str(new.pk)
        )


def backwards(apps, schema_editor):
    LoanIncident = apps.get_model("loans", "LoanIncident")
    IncidentReport = apps.get_model("incidents", "IncidentReport")
    TimelineEvent = apps.get_model("timeline", "TimelineEvent")
    for new in IncidentReport.objects.filter(loan__isnull=False).order_by("pk").iterator():
        old = LoanIncident.objects.create(
            loan_id=new.loan_id,
            kind=new.kind,
            note=new.note,
            recorded_by_id=new.recorded_by_id,
            recorded_at=new.recorded_at,
        )
        old.documents.set(list(new.documents.values_list("pk", flat=True)))
        TimelineEvent.objects.filter(object_type="incidents.incidentreport", object_id=str(new.pk)).update(
            object_type="loans.loanincident", object_id=str(old.pk)
        )
        new.documents.clear()
        new.steps.all().delete()
        new.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0001_initial"),
        ("loans", "0002_return_check_and_reminders"),
        ("timeline", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
