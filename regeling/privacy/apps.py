from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """The personal data of a person across every app: retention (pseudonymising ended
    cases) and the right of access (one download of everything held about a user).
    It sits on top because it reads and clears the rows of every app below it."""

    name = "regeling.privacy"
    verbose_name = _("Privacy")
