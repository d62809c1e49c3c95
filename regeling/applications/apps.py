from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    """Applications, their workflow, legal deadlines, documents and the officeholder's portal."""

    name = "regeling.applications"
    verbose_name = _("Applications")

    def ready(self):
        from regeling.letters import outbox

        from .letterdata import freeze

        outbox.register_freezer(freeze)
