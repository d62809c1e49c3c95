"""An objection (bezwaarschrift) against a decision letter, its grounds and revised lines, and the
objection settings of a body (advisory committee, competent court).

The grounds and the hearing report may hold personal details, so they are encrypted.
URLs use `public_id`.
"""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regeling.accounts.models import Body
from regeling.applications.deadlines import Suspension, objection_term_ends, penalty_cents
from regeling.applications.models import Application, MeasureLine
from regeling.core import limits
from regeling.core.crypto import EncryptedTextField
from regeling.core.history import TransitionHistory
from regeling.letters.models import Letter, LetterKind

from . import deadlines
from .states import OPEN, Channel, Court, HearingSkip, ObjectionOutcome, ObjectionStatus
from .workflow import ObjectionWorkflow


class BodyObjectionSettings(models.Model):
    """Where bodies differ: an advisory committee (7:13) and the competent court (8:7)."""

    body = models.OneToOneField(Body, on_delete=models.CASCADE, related_name="objection_settings")
    advisory_committee = models.BooleanField(
        _("an independent advisory committee advises on objections (Awb 7:13)"), default=False
    )
    court = models.CharField(
        _("competent district court (seat of the body, Awb 8:7)"), max_length=30, choices=Court.choices, blank=True
    )

    class Meta:
        verbose_name = _("objection settings of a body")
        verbose_name_plural = _("objection settings of bodies")

    def __str__(self) -> str:
        return str(self.body)


class Objection(ObjectionWorkflow):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="objections")
    contested_letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="+")
    contested_kind = models.CharField(max_length=30)
    # The case's state when the objection came in: where the case goes back to afterwards.
    contested_status = models.CharField(max_length=30)
    channel = models.CharField(_("received"), max_length=10, choices=Channel.choices, default=Channel.PORTAL)
    received_on = models.DateField(_("date of receipt"))
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    grounds_text = EncryptedTextField(_("grounds of objection"), max_length=limits.GROUNDS)
    costs_requested = models.BooleanField(
        _("asks for reimbursement of the costs of legal help (Awb 7:15)"), default=False
    )
    # The objection term of the contested letter (None while it had not been sent: 6:10).
    term_ended_on = models.DateField(null=True, blank=True)
    committee = models.BooleanField(default=False)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    late_excusable = models.BooleanField(_("the lateness is excusable (Awb 6:11)"), null=True, blank=True)
    late_reason = EncryptedTextField(_("why (not) excusable"), max_length=limits.REASON, blank=True)

    repair_message = EncryptedTextField(_("what must be repaired"), max_length=limits.REASON, blank=True)
    repair_requested_on = models.DateField(null=True, blank=True)
    repair_deadline = models.DateField(_("repair deadline"), null=True, blank=True)
    repaired_on = models.DateField(null=True, blank=True)

    advice = EncryptedTextField(_("advice of the advisory committee"), max_length=limits.TEXT, blank=True)
    advice_followed = models.BooleanField(_("the advice is followed"), null=True, blank=True)
    advice_departure = EncryptedTextField(_("why the advice is not followed"), max_length=limits.REASON, blank=True)

    hearing_at = models.DateTimeField(_("hearing date and time"), null=True, blank=True)
    hearing_place = EncryptedTextField(_("hearing place"), max_length=limits.NAME, blank=True)
    hearing_by_video = models.BooleanField(_("by video call"), default=False)
    hearing_invited_on = models.DateField(null=True, blank=True)
    hearing_report = EncryptedTextField(_("hearing report"), max_length=limits.TEXT, blank=True)
    hearing_held_on = models.DateField(null=True, blank=True)
    hearing_skip_reason = models.CharField(max_length=30, choices=HearingSkip.choices, blank=True)
    hearing_skip_note = EncryptedTextField(_("why the hearing is left out"), max_length=limits.REASON, blank=True)

    extended_on = models.DateField(null=True, blank=True)
    extension_reason = EncryptedTextField(max_length=limits.REASON, blank=True)
    decision_due_on = models.DateField(null=True, blank=True, editable=False)
    default_notice_received_on = models.DateField(_("notice of default received on"), null=True, blank=True)

    outcome = models.CharField(_("outcome"), max_length=20, choices=ObjectionOutcome.choices, blank=True)
    motivation = EncryptedTextField(_("motivation"), max_length=limits.TEXT, blank=True)
    peius_ground = EncryptedTextField(
        _("legal ground for a decision less favourable than the contested one"), max_length=limits.REASON, blank=True
    )
    professional_help = models.BooleanField(_("the objector had professional legal help"), default=False)
    costs_cents = models.PositiveIntegerField(null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return f"{self.application} bezwaar {self.pk}"

    @classmethod
    def locked(cls, pk: int) -> "Objection":
        """The objection's row (not its case's), locked until the transaction ends, with its case read
        alongside: services lock before they check, as `Application.locked` does for a case."""
        return cls.objects.select_for_update(of=("self",)).select_related("application").get(pk=pk)

    def save(self, *args, **kwargs):
        self.decision_due_on = self.decision_due
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "decision_due_on"}
        super().save(*args, **kwargs)

    # -- terms ---------------------------------------------------------------
    @property
    def is_late(self) -> bool:
        return deadlines.is_late(self.term_ended_on, self.received_on)

    @property
    def suspensions(self) -> list[Suspension]:
        if self.repair_requested_on is None or self.repair_deadline is None:
            return []
        return [Suspension(self.repair_requested_on, self.repair_deadline, self.repaired_on)]

    @property
    def decision_due(self) -> date:
        return deadlines.decision_due(
            self.term_ended_on,
            self.received_on,
            committee=self.committee,
            suspensions=self.suspensions,
            extended=self.extended_on is not None,
        )

    @property
    def days_left(self) -> int:
        return (self.decision_due - timezone.localdate()).days

    @property
    def is_overdue(self) -> bool:
        return self.status in OPEN and self.days_left < 0

    @property
    def penalty_cents(self) -> int:
        """Awb 4:17 applies to the decision on objection too (4:17 via 7:10 and 6:12)."""
        until = timezone.localdate(self.decided_at) if self.decided_at else timezone.localdate()
        return penalty_cents(self.decision_due, self.default_notice_received_on, until)

    @property
    def contested_sent_on(self) -> date | None:
        sent = self.contested_letter.sent_at
        return timezone.localdate(sent) if sent else None

    # -- amounts -------------------------------------------------------------
    @property
    def revised_total_cents(self) -> int:
        revised = {line.line_id: line.revised_cents for line in self.revised_lines.all()}
        field = "settled_cents" if self.contested_kind == LetterKind.SETTLEMENT else "granted_cents"
        return sum(revised.get(line.pk, getattr(line, field) or 0) for line in self.application.lines.all())

    @property
    def ceiling_total_cents(self) -> int:
        """What the objector could get at most: all that was requested (for a settlement: granted)."""
        if self.contested_kind == LetterKind.SETTLEMENT:
            return sum(line.granted_cents or 0 for line in self.application.lines.all())
        return sum(line.requested_cents for line in self.application.lines.all())


def term_ended_for(letter: Letter) -> date | None:
    return objection_term_ends(timezone.localdate(letter.sent_at)) if letter.sent_at else None


class ObjectionGround(models.Model):
    """One ground of objection, summarised by the handler, and the answer to it (7:12)."""

    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="grounds")
    position = models.PositiveSmallIntegerField(default=1)
    summary = EncryptedTextField(_("ground of objection, summarised"), max_length=limits.REASON)
    answer = EncryptedTextField(_("answer"), max_length=limits.TEXT)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.objection} {self.position}"


class RevisedLine(models.Model):
    """A measure whose amount the decision on objection changes: from, to and why (7:11)."""

    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="revised_lines")
    line = models.ForeignKey(MeasureLine, on_delete=models.CASCADE, related_name="+")
    contested_cents = models.PositiveIntegerField()
    revised_cents = models.PositiveIntegerField()
    ceiling_cents = models.PositiveIntegerField()
    motivation = EncryptedTextField(max_length=limits.REASON, blank=True)

    class Meta:
        ordering = ["line__position", "pk"]
        constraints = [models.UniqueConstraint(fields=["objection", "line"], name="one_revision_per_line")]

    def __str__(self) -> str:
        return f"{self.objection} {self.line_id}"


class ObjectionLetter(models.Model):
    """Which objection a letter belongs to (the letters app sits below this one)."""

    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="letter_links")
    letter = models.OneToOneField(Letter, on_delete=models.CASCADE, related_name="objection_link")

    def __str__(self) -> str:
        return str(self.letter)


class ObjectionChange(TransitionHistory):
    """Append-only history of the objection: who moved it from which state to which, when and why."""

    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="history")
    source = models.CharField(max_length=30, choices=ObjectionStatus.choices)
    target = models.CharField(max_length=30, choices=ObjectionStatus.choices)

    class Meta(TransitionHistory.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.objection} {self.source} -> {self.target}"


class ObjectionPaymentKind(models.TextChoices):
    SUPPLEMENT = "supplement", _("supplementary payment after objection")
    COSTS = "costs", _("costs of legal help (Awb 7:15)")


class ObjectionPayment(models.Model):
    """Money a decision on objection adds on top of what was paid or put in a payment batch: the difference
    of a raised settlement, or the costs of legal help (Awb 7:15). Paid through a payment batch (payments),
    which records `paid_at`."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    objection = models.ForeignKey(Objection, on_delete=models.PROTECT, related_name="payments")
    kind = models.CharField(max_length=20, choices=ObjectionPaymentKind.choices)
    amount_cents = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["objection", "kind"], name="one_payment_of_a_kind_per_objection"),
            models.CheckConstraint(condition=models.Q(amount_cents__gt=0), name="objection_payment_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.objection} {self.kind}"
