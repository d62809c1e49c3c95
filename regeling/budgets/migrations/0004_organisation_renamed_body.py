"""The employer body is called `Body` in code, its foreign keys `body` (docs/glossary.md): the model
`Organisation` and its columns `organisation_id` renamed, data unchanged.
Its indexes and unique constraints are dropped before the rename and made again after it (on SQLite the
rename rebuilds the table, which would otherwise look for the old column)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("budgets", "0003_budget_costs_owed_cents_budget_costs_paid_cents_and_more"),
        ("accounts", "0008_organisation_renamed_body"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="budget",
            name="one_budget_per_body_per_year",
        ),
        migrations.RenameField("budget", "organisation", "body"),
        migrations.AlterModelOptions(
            name="budget",
            options={"ordering": ["-year", "body__name"], "verbose_name": "budget", "verbose_name_plural": "budgets"},
        ),
        migrations.AddConstraint(
            model_name="budget",
            constraint=models.UniqueConstraint(fields=("body", "year"), name="one_budget_per_body_per_year"),
        ),
    ]
