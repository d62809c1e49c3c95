"""Store the decision due date on the application so the work list can filter and sort on it."""

from django.db import migrations, models


def fill_decision_due_on(apps, schema_editor):
    from regeling.applications import deadlines

    Application = apps.get_model("applications", "Application")
    # The migrating connection's alias: migrations may run as the owner role ("owner").
    rows = Application.objects.using(schema_editor.connection.alias)
    for application in rows.exclude(received_on=None).prefetch_related("information_requests"):
        suspensions = [
            deadlines.Suspension(r.requested_on, r.deadline, r.completed_on)
            for r in application.information_requests.all()
        ]
        application.decision_due_on = deadlines.decision_due(
            application.received_on, suspensions, application.extended_until
        )
        application.save(update_fields=["decision_due_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="decision_due_on",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["organisation", "decision_due_on", "id"], name="body_due_idx"),
        ),
        migrations.RunPython(fill_decision_due_on, migrations.RunPython.noop),
    ]
