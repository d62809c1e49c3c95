from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Users, their roles and the employer bodies they belong to; sign-in and two-step verification."""

    name = "regeling.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import signals  # noqa: F401, PLC0415 - connects the audit receivers once the registry is ready
