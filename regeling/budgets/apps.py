from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    """The budget per employer body per year, and what each grant commits against it."""

    name = "regeling.budgets"
    verbose_name = _("Budgets")
