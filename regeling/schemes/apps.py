from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchemesConfig(AppConfig):
    """Scheme versions, the measure catalogue and the eligibility rules (pure)."""

    name = "regeling.schemes"
    verbose_name = _("Schemes")

    def ready(self):
        from . import checks  # noqa: F401, PLC0415 - registers the system checks once the registry is ready
