"""The employer body is called `Body` in code, its foreign keys `body` (docs/glossary.md): the model
`Organisation` and its columns `organisation_id` renamed, data unchanged.
Its indexes and unique constraints are dropped before the rename and made again after it (on SQLite the
rename rebuilds the table, which would otherwise look for the old column)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0008_free_text_limits_and_encryption"),
        ("accounts", "0008_organisation_renamed_body"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="application",
            name="application_organis_ab063b_idx",
        ),
        migrations.RemoveIndex(
            model_name="application",
            name="body_due_idx",
        ),
        migrations.RenameField("application", "organisation", "body"),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["body", "status"], name="application_body_id_95d34f_idx"),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                fields=["body", "decision_due_on", "id"],
                include=("status", "scheme_version", "assigned_to"),
                name="body_due_idx",
            ),
        ),
    ]
