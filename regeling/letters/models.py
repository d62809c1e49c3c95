"""Letter records. A letter row is the outbox: it is written in the same
transaction as the transition that needs it, and the worker renders the PDF.
An issued letter is immutable; a correction is a new letter that names the one it replaces.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from regeling.core.choices import choice_display
from regeling.core.crypto import EncryptedTextField

from . import files


class LetterKind(models.TextChoices):
    RECEIPT = "receipt", _("confirmation of receipt")
    INFORMATION_REQUEST = "information_request", _("request for information")
    EXTENSION = "extension", _("extension notice")
    VIEWS_INTENTION = "views_intention", _("intention to refuse: your views")
    DECISION = "decision", _("decision")
    NOT_PROCESSED = "not_processed", _("decision not to process")
    SETTLEMENT = "settlement", _("settlement decision")
    SETTLEMENT_VIEWS_INTENTION = "settlement_views", _("intention to settle lower: your views")
    OBJECTION_DECISION = "objection_decision", _("decision on objection")
    OBJECTION_RECEIPT = "objection_receipt", _("acknowledgement of the objection")
    REPAIR_REQUEST = "repair_request", _("request to repair the objection")
    HEARING_INVITATION = "hearing_invitation", _("invitation to the hearing")
    OBJECTION_EXTENSION = "objection_extension", _("extension of the term for the objection")


# Letters that are decisions (beschikkingen): they carry the objection clause.
DECISION_KINDS = (LetterKind.DECISION, LetterKind.NOT_PROCESSED, LetterKind.SETTLEMENT, LetterKind.OBJECTION_DECISION)


class LetterStatus(models.TextChoices):
    PENDING = "pending", _("being prepared")
    RENDERED = "rendered", _("ready")
    FAILED = "failed", _("failed")


def letter_path(instance, filename) -> str:
    return f"letters/{uuid.uuid4().hex}.pdf"


class LetterBatch(models.Model):
    """A selection of cases whose letters an assessor (re)issued at once. Just rows: the worker
    writes its letters in steps and its progress is counted from its rows, so it survives a
    worker restart."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    body = models.ForeignKey("accounts.Body", on_delete=models.PROTECT, related_name="letter_batches")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The cases whose latest sent letter the batch reissues (ids only), worked through by the
    # worker in steps (outbox.reissue_next_cases); empty for a batch from before that.
    cases = models.JSONField(default=list)
    cases_done = models.PositiveIntegerField(default=0)
    cases_skipped = models.PositiveIntegerField(default=0)
    progressed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return str(self.public_id)

    def progress(self) -> dict[str, int]:
        """Counts of its letters per status, plus the total."""
        counts = dict.fromkeys(LetterStatus.values, 0)
        for row in self.letters.values("status").annotate(count=models.Count("pk")).order_by():
            counts[row["status"]] = row["count"]
        counts["total"] = sum(counts.values())
        return counts


class ImmutableLetter(Exception):
    """A rendered letter was sent as it is; a correction is a new letter (`reissue_letter`)."""


class Letter(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(_("kind"), max_length=30, choices=LetterKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=LetterStatus.choices, default=LetterStatus.PENDING)
    get_kind_display = choice_display("kind")
    get_status_display = choice_display("status")
    language = models.CharField(max_length=5, default="nl")
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    pdf = models.FileField(upload_to=letter_path, storage=files.letter_storage, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)
    batch = models.ForeignKey(LetterBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="letters")
    # What the letter shows, frozen (regeling/core/frozen.py) in the transaction that issued it:
    # a letter rendered late still says what was decided when it was decided. Encrypted.
    snapshot = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.reference

    def save(self, *args, **kwargs):
        issued_pdf, issued_sha = getattr(self, "_issued", ("", ""))
        if issued_sha and (self.sha256 != issued_sha or (self.pdf.name or "") != issued_pdf):
            raise ImmutableLetter(f"letter {self.pk} is issued and cannot be changed")
        super().save(*args, **kwargs)
        self._remember_issued()

    @classmethod
    def from_db(cls, db, field_names, values):
        letter = super().from_db(db, field_names, values)
        letter._remember_issued()
        return letter

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._remember_issued()

    def _remember_issued(self) -> None:
        # What was stored when loaded: save() refuses to change an issued letter's file.
        pdf = self.__dict__.get("pdf")
        self._issued = (getattr(pdf, "name", pdf) or "", self.__dict__.get("sha256") or "")

    @property
    def reference(self) -> str:
        """The letter's own number: the case reference and the letter's sequence."""
        return f"{self.application.reference}-{self.pk}"
