"""The decision due date on the application, filled for the cases that have one, and the work list's
covering index on it.

Squashed from two migrations (the first made a plain index, the second made it again as a covering
one) before any of them shipped: the two are gone and every migration that needed them depends on
this one.
"""

from django.conf import settings
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
        ("accounts", "0001_initial"),
        ("applications", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="decision_due_on",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                fields=["organisation", "decision_due_on", "id"],
                include=("status", "scheme_version", "assigned_to"),
                name="body_due_idx",
            ),
        ),
        migrations.RunPython(fill_decision_due_on, migrations.RunPython.noop),
    ]
