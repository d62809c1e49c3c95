from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    """The scheme's figures: national aggregates with small-cell protection, and each body's own figures."""

    name = "regeling.figures"
    verbose_name = _("Figures")
