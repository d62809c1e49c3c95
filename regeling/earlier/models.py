"""Earlier reimbursements and the import runs that bring them in.

A reimbursement row is personal data: the officeholder's e-mail address, the home
and the measures are encrypted per field; `residence_key` (core.residence) and
`officeholder_key` are keyed hashes to find the same home and the same person
again. `source_key` makes an import idempotent: one body, one reference in its
own administration, one row.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from regeling.accounts.models import Body
from regeling.core import limits
from regeling.core.crypto import EncryptedTextField, blind_index
from regeling.schemes.versions import SchemeVersion


def officeholder_key(email: str) -> str:
    """The blind index of an officeholder's e-mail address: finds the account once it is invited."""
    return blind_index(f"officeholder-email|{email.strip().lower()}")


def source_key(body_id: int, reference: str) -> str:
    """One reference in one body's administration; compared without case and spaces."""
    return blind_index(f"earlier-source|{body_id}|{reference}")


class ImportStatus(models.TextChoices):
    CHECKED = "checked", _("checked (dry run)")
    QUEUED = "queued", _("waiting for the worker")
    RUNNING = "running", _("importing")
    DONE = "done", _("imported")
    FAILED = "failed", _("failed")
    CANCELLED = "cancelled", _("cancelled")


class ImportRun(models.Model):
    """One uploaded file: its dry-run report and, once confirmed, the import's progress.

    `rows` holds the file's rows (encrypted) only until the import has run. `report`
    holds per row only the line number, the outcome and reason codes: nothing personal.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="earlier_imports")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sha256 = models.CharField(max_length=64)
    file_format = models.CharField(max_length=10)
    rows = EncryptedTextField(blank=True)
    report = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=20, choices=ImportStatus.choices, default=ImportStatus.CHECKED)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    pending_count = models.PositiveIntegerField(default=0)
    refused_count = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"import {self.public_id}"

    def progress(self) -> dict:
        """The counts the progress page shows (and polls as JSON); names match static/js/batch-progress.js."""
        return {
            "done": self.processed,
            "total": self.total,
            "pending": 0 if self.status in (ImportStatus.DONE, ImportStatus.FAILED) else self.total - self.processed,
            "created": self.created_count,
            "created_pending": self.pending_count,
            "refused": self.refused_count,
            "status": self.status,
        }


class EarlierReimbursement(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="earlier_reimbursements")
    # The account once matched; until then the row waits on `officeholder_key` (pending).
    officeholder = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="earlier_reimbursements"
    )
    officeholder_email = EncryptedTextField(_("officeholder's e-mail address"), max_length=limits.EMAIL)
    officeholder_key = models.CharField(max_length=64, db_index=True, editable=False)
    postcode = EncryptedTextField(_("postcode"), max_length=limits.POSTCODE)
    house_number = EncryptedTextField(_("house number"), max_length=limits.HOUSE_NUMBER)
    addition = EncryptedTextField(_("addition"), max_length=limits.HOUSE_NUMBER, blank=True)
    residence_key = models.CharField(max_length=64, db_index=True, editable=False)
    reimbursed_on = models.DateField(_("date of the reimbursement"))
    measures = EncryptedTextField(_("measures"), max_length=limits.REASON)
    amount_cents = models.PositiveIntegerField(_("amount incl. VAT (cents)"))
    scheme_version = models.CharField(_("scheme version"), max_length=1, choices=SchemeVersion.choices)
    source_reference = EncryptedTextField(_("reference in the source administration"), max_length=limits.REFERENCE)
    source_key = models.CharField(max_length=64, editable=False)
    import_run = models.ForeignKey(ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_reason = EncryptedTextField(_("reason for withdrawing"), max_length=limits.REASON, blank=True)

    class Meta:
        ordering = ["reimbursed_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["body", "source_key"], name="one_row_per_source_reference")]
        indexes = [models.Index(fields=["officeholder", "residence_key"], name="earlier_residence_idx")]

    def __str__(self) -> str:
        return str(self.public_id)

    @property
    def is_pending(self) -> bool:
        return self.officeholder_id is None

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class Correction(models.Model):
    """Append-only: who corrected which fields of a row, when and why (the reason is encrypted)."""

    reimbursement = models.ForeignKey(EarlierReimbursement, on_delete=models.CASCADE, related_name="corrections")
    fields = models.JSONField(default=list)
    reason = EncryptedTextField(max_length=limits.REASON)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.reimbursement} {self.at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Corrections are append-only.")
        super().save(*args, **kwargs)
