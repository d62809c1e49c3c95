"""Recompute every residence key from postcode, house number and addition (regeling.core.residence)."""

from django.db import migrations

from regeling.core.residence import residence_key_from_address


def recompute(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    # The migrating connection's alias: migrations may run as the owner role ("owner").
    rows = Application.objects.using(schema_editor.connection.alias)
    for application in rows.exclude(residence_key="").only("pk", "postcode", "address_line").iterator():
        key = residence_key_from_address(application.postcode, application.address_line)
        rows.filter(pk=application.pk).update(residence_key=key)


class Migration(migrations.Migration):
    dependencies = [("applications", "0002_squashed_0003_decision_due_on")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
