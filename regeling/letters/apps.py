from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    """Letter records (the outbox) and the data each letter shows."""

    name = "regeling.letters"
    verbose_name = _("Letters")
