from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The append-only, hash-chained log of every change and every read of sensitive data."""

    name = "regeling.audit"
    verbose_name = _("Audit")
