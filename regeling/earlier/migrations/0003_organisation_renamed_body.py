"""The employer body is called `Body` in code, its foreign keys `body` (docs/glossary.md): the model
`Organisation` and its columns `organisation_id` renamed, data unchanged.
Its indexes and unique constraints are dropped before the rename and made again after it (on SQLite the
rename rebuilds the table, which would otherwise look for the old column)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("earlier", "0002_free_text_limits"), ("accounts", "0008_organisation_renamed_body")]

    operations = [
        migrations.RemoveConstraint(
            model_name="earlierreimbursement",
            name="one_row_per_source_reference",
        ),
        migrations.RenameField("importrun", "organisation", "body"),
        migrations.RenameField("earlierreimbursement", "organisation", "body"),
        migrations.AddConstraint(
            model_name="earlierreimbursement",
            constraint=models.UniqueConstraint(fields=("body", "source_key"), name="one_row_per_source_reference"),
        ),
    ]
