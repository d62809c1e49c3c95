"""The employer body is called `Body` in code, its foreign keys `body` (docs/glossary.md): the model
`Organisation` and its columns `organisation_id` renamed, data unchanged."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_free_text_limits_and_encryption"),
        # Every app whose foreign keys point at the model, at its newest migration: the rename follows them.
        ("applications", "0008_free_text_limits_and_encryption"),
        ("budgets", "0003_budget_costs_owed_cents_budget_costs_paid_cents_and_more"),
        ("earlier", "0002_free_text_limits"),
        ("letters", "0007_settlement_views_intention"),
        ("objections", "0003_free_text_limits_and_encryption"),
        ("payments", "0002_paymentitem_objection_payment_and_more"),
        ("review", "0005_text_limits"),
    ]

    operations = [
        migrations.RenameModel("Organisation", "Body"),
        migrations.RenameField("user", "organisation", "body"),
        migrations.RenameField("identityprovider", "organisation", "body"),
    ]
