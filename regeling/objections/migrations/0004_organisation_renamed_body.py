"""The employer body is called `Body` in code, its foreign keys `body` (docs/glossary.md): the model
`Organisation` and its columns `organisation_id` renamed, data unchanged."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("objections", "0003_free_text_limits_and_encryption"),
        ("accounts", "0008_organisation_renamed_body"),
    ]

    operations = [
        migrations.RenameField("bodyobjectionsettings", "organisation", "body"),
    ]
