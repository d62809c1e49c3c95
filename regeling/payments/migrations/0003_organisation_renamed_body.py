"""The employer body is called `Body` in code, its foreign keys `body` (docs/glossary.md): the model
`Organisation` and its columns `organisation_id` renamed, data unchanged."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0002_paymentitem_objection_payment_and_more"),
        ("accounts", "0008_organisation_renamed_body"),
    ]

    operations = [
        migrations.RenameField("paymentbatch", "organisation", "body"),
    ]
