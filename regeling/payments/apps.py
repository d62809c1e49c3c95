from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    """Settlement against invoices and payment batches (SEPA)."""

    name = "regeling.payments"
    verbose_name = _("Payments")
