"""The employer body is called `Body` in code, its foreign keys `body` (docs/glossary.md): the model
`Organisation` and its columns `organisation_id` renamed, data unchanged.
Its indexes and unique constraints are dropped before the rename and made again after it (on SQLite the
rename rebuilds the table, which would otherwise look for the old column)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("review", "0005_text_limits"), ("accounts", "0008_organisation_renamed_body")]

    operations = [
        migrations.RemoveConstraint(
            model_name="motivationtemplate",
            name="one_template_title_per_reason",
        ),
        migrations.RenameField("motivationtemplate", "organisation", "body"),
        migrations.AddConstraint(
            model_name="motivationtemplate",
            constraint=models.UniqueConstraint(
                fields=("body", "reason", "title"), name="one_template_title_per_reason"
            ),
        ),
    ]
