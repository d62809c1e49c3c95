"""0002 and 0003 squashed: 0003 dropped the index 0002 had just made and made it again as a
covering one, so a fresh database gets the covering index at once.

A database that already ran 0002 and 0003 keeps them (Django sees they are replaced); the two
originals can be deleted once no database is left between them (with their dependants pointed here).
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
    replaces = [("applications", "0002_decision_due_on"), ("applications", "0003_worklist_covering_index")]

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
