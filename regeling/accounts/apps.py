from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Users, their roles and the employer bodies they belong to."""

    name = "regeling.accounts"
    verbose_name = _("Accounts")
