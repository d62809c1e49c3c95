from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    """Settlement against invoices and payment batches (SEPA)."""

    name = "regeling.payments"
    verbose_name = _("Payments")

    def ready(self):
        # A decision on objection asks whether a settlement is in a payment batch (objections sit below payments).
        from regeling.objections import services as objection_services  # noqa: PLC0415 (apps are ready now)

        from . import services  # noqa: PLC0415

        objection_services.settlement_in_batch = services.settlement_in_batch
