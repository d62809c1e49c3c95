from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    """The assessor's back office: work list, case file, decisions, internal notes."""

    name = "regeling.review"
    verbose_name = _("Review")
