"""An application, its measure lines, documents, information requests and history.

Personal data that could locate or expose a threatened person (address, IBAN,
security-advice contents) is encrypted per field. URLs use `public_id`, never
the primary key or anything personal.
"""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from regeling.accounts.models import Body, Office
from regeling.core import limits
from regeling.core.choices import choice_display
from regeling.core.crypto import EncryptedTextField
from regeling.core.history import TransitionHistory
from regeling.core.residence import residence_key_from_address
from regeling.letters.models import DECISION_KINDS, Letter
from regeling.schemes.versions import Measure, SchemeVersion

from . import deadlines
from .states import ON_THE_CLOCK, ObjectionOutcome, Outcome, Status, ViewsException
from .workflow import ApplicationWorkflow


class Application(ApplicationWorkflow):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("reference"), max_length=20, unique=True, blank=True)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="applications"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("employer body"), on_delete=models.PROTECT, related_name="applications"
    )
    office = models.CharField(_("office"), max_length=30, choices=Office.choices)
    scheme_version = models.CharField(_("scheme version"), max_length=1, choices=SchemeVersion.choices)
    scheme_version_reason = EncryptedTextField(
        _("reason for choosing another scheme version"), max_length=limits.REASON, blank=True
    )
    draft_step = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Residence (encrypted; `residence_key` finds the same home again for the per-residence cap).
    address_line = EncryptedTextField(_("street and house number"), max_length=limits.ADDRESS_LINE, blank=True)
    postcode = EncryptedTextField(_("postcode"), max_length=limits.POSTCODE, blank=True)
    city = EncryptedTextField(_("town"), max_length=limits.CITY, blank=True)
    residence_key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    is_main_residence = models.BooleanField(_("this is my main residence"), null=True)
    moved_during_term = models.BooleanField(_("I moved during my term after an earlier claim"), default=False)
    in_body_territory = models.BooleanField(_("the home lies in the territory of my body"), null=True)
    # Version B: the assessor's confirmation that the home lies in the body's territory (a water board's area).
    territory_confirmed = models.BooleanField(_("territory confirmed by the assessor"), null=True, blank=True)
    has_residence_exemption = models.BooleanField(
        _("I have an exemption from the residence requirement"), default=False
    )

    # Version A: Politiekeurmerk Veilig Wonen. Version B: the security advice.
    pkvw_certificate_number = models.CharField(_("PKVW certificate number"), max_length=50, blank=True)
    pkvw_valid_until = models.DateField(_("PKVW certificate valid until"), null=True, blank=True)
    advice_reference = models.CharField(_("security advice reference"), max_length=50, blank=True)
    advice_adopted_on = models.DateField(_("security advice adopted on"), null=True, blank=True)
    advice_contents = EncryptedTextField(_("security advice: the advised measures"), max_length=limits.TEXT, blank=True)

    iban = EncryptedTextField(_("IBAN"), max_length=limits.IBAN, blank=True)
    account_holder = EncryptedTextField(_("account holder"), max_length=limits.NAME, blank=True)
    declared_at = models.DateTimeField(_("declared true and complete at"), null=True, blank=True)

    # Procedure.
    submitted_at = models.DateTimeField(null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    extended_until = models.DateField(_("decision date extended until"), null=True, blank=True)
    extended_on = models.DateField(_("extension announced on"), null=True, blank=True)
    extension_reason = EncryptedTextField(max_length=limits.REASON, blank=True)
    # Denormalised `decision_due` so the work list can filter and sort on it in the
    # database; `save()` is the one place that keeps it up to date.
    decision_due_on = models.DateField(null=True, blank=True, editable=False)
    default_notice_received_on = models.DateField(_("notice of default received on"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_applications"
    )
    views_requested_at = models.DateTimeField(null=True, blank=True)
    views_deadline = models.DateField(null=True, blank=True)
    views_received_at = models.DateTimeField(null=True, blank=True)
    views_text = EncryptedTextField(max_length=limits.TEXT, blank=True)
    views_not_needed_reason = EncryptedTextField(
        _("why no views were asked (Awb 4:7 does not apply)"), max_length=limits.REASON, blank=True
    )
    views_exception = models.CharField(
        _("ground for not asking views"), max_length=10, choices=ViewsException.choices, blank=True
    )
    views_oral = models.BooleanField(_("views given orally (report recorded)"), default=False)
    # Views before a settlement that lowers what was granted (Awb 4:8); the intended amounts are on the lines.
    settlement_views_requested_at = models.DateTimeField(null=True, blank=True)
    settlement_views_deadline = models.DateField(null=True, blank=True)
    settlement_views_received_at = models.DateTimeField(null=True, blank=True)
    settlement_views_text = EncryptedTextField(_("views on the intended settlement"), max_length=5000, blank=True)
    settlement_views_oral = models.BooleanField(_("views given orally (report recorded)"), default=False)

    # Decision.
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    motivation = EncryptedTextField(_("motivation"), max_length=limits.TEXT, blank=True)
    advice_deviation = EncryptedTextField(
        _("deviation from the security advice, explained"), max_length=limits.REASON, blank=True
    )
    conditions = EncryptedTextField(_("conditions"), max_length=limits.REASON, blank=True)
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
    # Version A: what other grants for this residence stood when the decision was taken; the letter states it.
    cap_earlier_cents = models.PositiveIntegerField(null=True, blank=True, editable=False)

    # Objection, settlement, payment, end.
    objection_lodged_at = models.DateTimeField(null=True, blank=True)
    objection_reasons = EncryptedTextField(_("grounds of objection"), max_length=limits.TEXT, blank=True)
    objection_outcome = models.CharField(max_length=20, choices=ObjectionOutcome.choices, blank=True)
    objection_motivation = EncryptedTextField(max_length=limits.TEXT, blank=True)
    objection_decided_at = models.DateTimeField(null=True, blank=True)
    objection_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    settlement_submitted_at = models.DateTimeField(null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    settled_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [
            models.Index(fields=["body", "status"]),
            # Covers the work list's counts and first page: an index-only scan per body.
            models.Index(
                fields=["body", "decision_due_on", "id"],
                include=["status", "scheme_version", "assigned_to"],
                name="body_due_idx",
            ),
        ]

    @classmethod
    def locked(cls, pk: int) -> "Application":
        """The row, locked until the transaction ends (SELECT ... FOR UPDATE): services lock before they check."""
        return cls.objects.select_for_update().get(pk=pk)

    def __str__(self) -> str:
        return self.reference or str(self.public_id)

    def save(self, *args, **kwargs):
        if self.address_line or self.postcode:
            self.residence_key = residence_key_from_address(self.postcode, self.address_line)
        if self.pk is not None:
            self.decision_due_on = self.decision_due
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "decision_due_on"}
        else:
            # A new application has no information requests yet.
            self.decision_due_on = (
                deadlines.decision_due(self.received_on, (), self.extended_until, self.extended_on)
                if self.received_on
                else None
            )
        super().save(*args, **kwargs)
        if not self.reference:
            # The reference is readable and sequential per year; it contains nothing personal.
            self.reference = f"RBD-{self.created_at:%Y}-{self.pk:06d}"
            type(self).objects.filter(pk=self.pk).update(reference=self.reference)

    get_status_display = choice_display("status")  # on every row of the work list

    # -- figures -------------------------------------------------------------
    @property
    def requested_total_cents(self) -> int:
        return sum(line.requested_cents for line in self.lines.all())

    @property
    def granted_total_cents(self) -> int:
        return sum(line.granted_cents or 0 for line in self.lines.all())

    @property
    def settled_total_cents(self) -> int:
        return sum(line.settled_cents or 0 for line in self.lines.all())

    # -- deadlines -----------------------------------------------------------
    @property
    def suspensions(self) -> list[deadlines.Suspension]:
        return [
            deadlines.Suspension(r.requested_on, r.deadline, r.completed_on) for r in self.information_requests.all()
        ]

    @property
    def decision_due(self) -> date | None:
        if self.status == Status.OBJECTION_LODGED:
            # The open objection's own term (Awb 7:10), kept on it by regeling.objections.
            return self.objections.exclude(decision_due_on=None).values_list("decision_due_on", flat=True).last()
        if self.received_on is None:
            return None
        return deadlines.decision_due(self.received_on, self.suspensions, self.extended_until, self.extended_on)

    @property
    def days_left(self) -> int | None:
        due = self.decision_due
        return None if due is None else deadlines.days_left(due, timezone.localdate())

    @property
    def is_overdue(self) -> bool:
        return self.status in ON_THE_CLOCK and self.days_left is not None and self.days_left < 0

    @property
    def penalty_cents(self) -> int:
        """What is owed for deciding late (4:17): it stops growing on the day of the decision, it does not vanish."""
        if self.received_on is None:
            return 0
        due = deadlines.decision_due(self.received_on, self.suspensions, self.extended_until)
        until = timezone.localdate(self.decided_at) if self.decided_at else timezone.localdate()
        return deadlines.penalty_cents(due, self.default_notice_received_on, until)

    @cached_property
    def open_information_request(self):
        return self.information_requests.filter(completed_on__isnull=True).order_by("-requested_on").first()

    @property
    def objection_term_ends(self) -> date | None:
        """Six weeks (plus Atw) from the day after the decision letter was sent; None before it was sent."""
        letter = (
            Letter.objects.filter(application=self, kind__in=DECISION_KINDS, sent_at__isnull=False)
            .order_by("-sent_at")
            .first()
        )
        return deadlines.objection_term_ends(timezone.localdate(letter.sent_at)) if letter else None


class MeasureLine(models.Model):
    """One requested measure: the package item (A) or a line of the security advice (B)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=1)
    measure = models.CharField(_("measure"), max_length=40, choices=Measure.choices)
    get_measure_display = choice_display("measure")
    description = EncryptedTextField(_("description"), max_length=limits.LINE, blank=True)
    requested_cents = models.PositiveIntegerField(_("requested amount incl. VAT (cents)"))
    granted_cents = models.PositiveIntegerField(_("granted amount (cents)"), null=True, blank=True)
    reason_code = models.CharField(_("reason"), max_length=40, blank=True)
    invoiced_cents = models.PositiveIntegerField(_("invoiced amount (cents)"), null=True, blank=True)
    # The day the costs were incurred (the invoice date): entitlement follows the costs, not the filing date.
    invoice_date = models.DateField(_("invoice date"), null=True, blank=True)
    settled_cents = models.PositiveIntegerField(_("settled amount (cents)"), null=True, blank=True)
    # Awb 3:46: why a line is settled below its invoice; the settlement letter states it per line.
    settlement_reason = EncryptedTextField(_("why less than invoiced is settled"), max_length=2000, blank=True)
    # Awb 4:8: the amount an intended settlement would fix, announced before a grant is lowered.
    intended_settled_cents = models.PositiveIntegerField(_("intended settled amount (cents)"), null=True, blank=True)
    # Version B: the line of the adopted advice this measure follows, as the assessor linked it
    # (Regeling art. 2.9(3)), and why less is granted than the advice prescribes (Awb 3:46, 3:50).
    advice_line = EncryptedTextField(_("advice line"), max_length=300, blank=True)
    advice_motivation = EncryptedTextField(_("why less than the advice prescribes"), max_length=2000, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(granted_cents__isnull=True)
                | models.Q(granted_cents__lte=models.F("requested_cents")),
                name="granted_not_above_requested",
            ),
            models.CheckConstraint(
                condition=models.Q(settled_cents__isnull=True)
                | models.Q(granted_cents__isnull=False, settled_cents__lte=models.F("granted_cents")),
                name="settled_not_above_granted",
            ),
            models.CheckConstraint(
                condition=models.Q(intended_settled_cents__isnull=True)
                | models.Q(granted_cents__isnull=False, intended_settled_cents__lte=models.F("granted_cents")),
                name="intended_settled_not_above_granted",
            ),
        ]

    def __str__(self) -> str:
        return self.get_measure_display()


class DocumentKind(models.TextChoices):
    PKVW_CERTIFICATE = "pkvw_certificate", _("Politiekeurmerk Veilig Wonen certificate")
    SECURITY_ADVICE = "security_advice", _("security advice")
    QUOTE = "quote", _("quote")
    INVOICE = "invoice", _("invoice")
    INFORMATION = "information", _("requested information")
    VIEWS = "views", _("views on the intended decision")
    OBJECTION = "objection", _("objection")
    OTHER = "other", _("other")


def document_path(instance, filename) -> str:
    # Generated names only: the uploader's file name never reaches the file system.
    return f"documents/{uuid.uuid4().hex}"


class Document(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    get_kind_display = choice_display("kind")
    file = models.FileField(upload_to=document_path)
    display_name = EncryptedTextField(_("file name"), max_length=limits.FILE_NAME, blank=True)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    information_request = models.ForeignKey(
        "InformationRequest", null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.get_kind_display()


class InformationRequest(models.Model):
    """Awb 4:5: what is missing and the mandatory deadline to supply it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="information_requests")
    message = EncryptedTextField(_("what is missing"), max_length=limits.REASON)
    requested_on = models.DateField(default=timezone.localdate)
    deadline = models.DateField(_("deadline"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    completed_on = models.DateField(null=True, blank=True)
    answer = EncryptedTextField(_("answer"), max_length=limits.TEXT, blank=True)
    answered_by_applicant = models.BooleanField(default=False)
    # When an assessor first opened the case file after the answer: until then the work list says "new answer".
    answer_read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gt=models.F("requested_on")), name="deadline_after_request"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.requested_on}"


class ConflictOfInterest(models.Model):
    """An assessor who declared a conflict is excluded from the case."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conflicts")
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = EncryptedTextField(max_length=limits.REASON, blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "assessor"], name="one_conflict_per_assessor")]

    def __str__(self) -> str:
        return f"{self.application} {self.assessor}"


class StatusChange(TransitionHistory):
    """Append-only history: who moved the case from which state to which, when and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="history")
    source = models.CharField(max_length=30, choices=Status.choices)
    target = models.CharField(max_length=30, choices=Status.choices)
    get_source_display = choice_display("source")
    get_target_display = choice_display("target")

    class Meta(TransitionHistory.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.application} {self.source} -> {self.target}"

    @classmethod
    def note(cls, application, step: str, *, by, reason: str = "") -> "StatusChange":
        """A history row for a step that leaves the state as it is (a scheme version chosen, the
        advice recorded, a payment during an objection): from the current state to the same."""
        return cls.objects.create(
            application=application,
            transition=step,
            source=application.status,
            target=application.status,
            actor=by,
            reason=reason,
        )
