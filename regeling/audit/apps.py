from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The append-only log of every change and every read of sensitive data, in a keyed chain."""

    name = "regeling.audit"
    verbose_name = _("Audit")

    def ready(self):
        from . import checks  # noqa: F401, PLC0415 - registers the deploy check once the registry is ready
