"""Payment batches: settled cases paid together by one SEPA credit transfer file.

The files hold IBANs, so they are stored encrypted and only handed out through
views that check permission and write an audit event.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from regeling.accounts.models import Body
from regeling.applications.models import Application
from regeling.core.crypto import EncryptedTextField
from regeling.objections.models import ObjectionPayment


class BatchStatus(models.TextChoices):
    PREPARED = "prepared", _("prepared, not yet confirmed")
    CONFIRMED = "confirmed", _("confirmed: cases marked paid")


class PaymentBatch(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="payment_batches")
    status = models.CharField(max_length=20, choices=BatchStatus.choices, default=BatchStatus.PREPARED)
    message_id = models.CharField(max_length=35, unique=True)
    execution_date = models.DateField(_("execution date"))
    total_cents = models.PositiveBigIntegerField()
    count = models.PositiveIntegerField()
    sepa_xml = EncryptedTextField()
    finance_csv = EncryptedTextField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("payment batch")
        verbose_name_plural = _("payment batches")

    def __str__(self) -> str:
        return self.message_id


class PaymentItem(models.Model):
    """One payment in a batch: a case's settlement (once per case), or a payment after objection (a
    supplement or the costs of legal help, each once)."""

    batch = models.ForeignKey(PaymentBatch, on_delete=models.CASCADE, related_name="items")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="payment_items")
    objection_payment = models.OneToOneField(
        ObjectionPayment, null=True, blank=True, on_delete=models.PROTECT, related_name="payment_item"
    )
    amount_cents = models.PositiveBigIntegerField()
    end_to_end_id = models.CharField(max_length=35)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(objection_payment=None),
                name="one_settlement_payment_per_case",
            )
        ]

    def __str__(self) -> str:
        return self.end_to_end_id
