from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    """Applications, their workflow, legal deadlines, documents and the officeholder's portal."""

    name = "regeling.applications"
    verbose_name = _("Applications")

    def ready(self):
        from regeling.letters import outbox  # noqa: PLC0415 - models are importable only once the registry is ready

        from .letterdata import freeze  # noqa: PLC0415 - the same

        # Letters sit below this app: it hands them how to freeze what a letter shows.
        outbox.register_freezer(freeze)
