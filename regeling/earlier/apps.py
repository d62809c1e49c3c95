from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EarlierConfig(AppConfig):
    """Reimbursements a body paid before this system (2021 on), imported from its own administration.

    Below `applications`: the findings count these rows towards the cap of version A
    exactly like earlier grants in the system.
    """

    name = "regeling.earlier"
    verbose_name = _("Earlier reimbursements")

    def ready(self):
        from . import signals  # noqa: F401, PLC0415 - links pending rows when their officeholder is invited
