"""Return incidents now live in the incidents app (copied there by incidents.0002)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("loans", "0002_return_check_and_reminders"),
        ("incidents", "0002_reports_from_loan_incidents"),
    ]

    operations = [migrations.DeleteModel(name="LoanIncident")]
