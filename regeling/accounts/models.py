"""Users, roles and employer bodies (bodies).

An officeholder applies; staff (assessor, coordinator) work for exactly one
employer body and see only that body's cases. The national role sees
aggregated figures only.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin

from regeling.core import limits
from regeling.core.crypto import EncryptedTextField, blind_index


class BodyKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipality")
    PROVINCE = "province", _("province")
    WATER_BOARD = "water_board", _("water board")


class Office(models.TextChoices):
    """The office an applicant holds. Stored values never change."""

    MAYOR = "mayor", _("mayor")
    ALDERMAN = "alderman", _("alderman")
    KINGS_COMMISSIONER = "kings_commissioner", _("King's commissioner")
    PROVINCIAL_EXECUTIVE = "provincial_executive", _("provincial executive")
    WATER_BOARD_CHAIR = "water_board_chair", _("water board chair")
    WATER_BOARD_EXECUTIVE = "water_board_executive", _("member of the water board's executive")
    # Not eligible, listed so that they can be refused with a clear reason.
    COUNCIL_MEMBER = "council_member", _("municipal council member")
    PROVINCIAL_COUNCIL_MEMBER = "provincial_council_member", _("provincial council member")
    WATER_BOARD_MEMBER = "water_board_member", _("water board member (general board)")
    CIVIL_SERVANT = "civil_servant", _("civil servant")


class Body(models.Model):
    """An employer body: decides and pays. Its details head the letters."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices)
    province = models.CharField(
        _("province"), max_length=100, help_text=_("The province the body lies in (its territory for residence rules).")
    )
    deciding_organ = models.CharField(
        _("deciding organ"), max_length=200, help_text=_("e.g. het college van burgemeester en wethouders")
    )
    postal_address = models.CharField(_("postal address"), max_length=300)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    privacy_officer_contact = models.CharField(
        _("data protection officer: contact"),
        max_length=300,
        blank=True,
        help_text=_("How officeholders reach the body's data protection officer (AVG art. 13); shown in letters."),
    )
    iban = models.CharField(_("debtor IBAN"), max_length=34, blank=True)
    bic = models.CharField(_("debtor BIC"), max_length=11, blank=True)

    class Meta:
        verbose_name = _("employer body")
        verbose_name_plural = _("employer bodies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UserKind(models.TextChoices):
    OFFICEHOLDER = "officeholder", _("officeholder")
    ASSESSOR = "assessor", _("assessor")
    COORDINATOR = "coordinator", _("coordinator")
    NATIONAL = "national", _("national overview")
    ADMINISTRATOR = "administrator", _("administrator")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True, kind=UserKind.ADMINISTRATOR)
        return self.create_user(email, password, **fields)


class User(AbstractUser):
    """Signs in with e-mail. `kind` decides which portal a user sees."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UserKind.choices, default=UserKind.OFFICEHOLDER)
    body = models.ForeignKey(
        Body,
        verbose_name=_("employer body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    # Officeholder facts the rules need (the profile).
    office = models.CharField(_("office"), max_length=30, choices=Office.choices, blank=True)
    appointment_certain_on = models.DateField(_("appointment certain on"), null=True, blank=True)
    term_ends_on = models.DateField(_("term ends on"), null=True, blank=True)
    phone = EncryptedTextField(_("phone"), max_length=limits.PHONE, blank=True)
    preferred_language = models.CharField(
        _("language"), max_length=5, default="nl", choices=[("nl", "Nederlands"), ("en", "English")]
    )
    # The BSN an officeholder signs in with through DigiD: encrypted, and found again
    # through a keyed hash (the blind index), never by reading it back.
    bsn = EncryptedTextField(_("BSN"), max_length=11, blank=True)
    bsn_index = models.CharField(max_length=64, blank=True, editable=False, db_index=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(fields=["bsn_index"], condition=~Q(bsn_index=""), name="unique_bsn")]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def set_bsn(self, bsn: str) -> None:
        self.bsn, self.bsn_index = bsn, bsn_lookup_key(bsn)

    @property
    def bsn_masked(self) -> str:
        """The most anyone sees of a BSN: its last three digits."""
        return f"******{self.bsn[-3:]}" if self.bsn else ""

    @property
    def is_officeholder(self) -> bool:
        return self.kind == UserKind.OFFICEHOLDER

    @property
    def is_assessor(self) -> bool:
        """Assessors and coordinators both handle cases of their own body."""
        return self.kind in (UserKind.ASSESSOR, UserKind.COORDINATOR) and self.body_id is not None

    @property
    def is_coordinator(self) -> bool:
        return self.kind == UserKind.COORDINATOR and self.body_id is not None

    @property
    def is_national(self) -> bool:
        """The ministry's analyst: aggregated figures only."""
        return self.kind == UserKind.NATIONAL

    @property
    def is_back_office(self) -> bool:
        return self.is_assessor or self.kind in (UserKind.NATIONAL, UserKind.ADMINISTRATOR)


def bsn_lookup_key(bsn: str) -> str:
    """The blind index of a BSN (domain-separated from the residence index)."""
    return blind_index(f"bsn|{bsn}")


class SecondFactorPolicy(models.TextChoices):
    """When a sign-in through the body's provider still needs our own second factor."""

    PROVIDER_OR_LOCAL = "provider_or_local", _("skip our code when the provider proves a second factor")
    ALWAYS_LOCAL = "always_local", _("always ask our own code as well")
    PROVIDER_REQUIRED = "provider_required", _("refuse sign-ins without a second factor at the provider")


class IdentityProvider(models.Model):
    """The OpenID Connect provider the staff of one body sign in with (Entra ID, Keycloak, ...)."""

    body = models.OneToOneField(
        Body, verbose_name=_("employer body"), on_delete=models.CASCADE, related_name="identity_provider"
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    discovery_url = models.URLField(
        _("discovery URL"),
        max_length=500,
        help_text=_("The provider's .well-known/openid-configuration address."),
    )
    client_id = models.CharField(_("client id"), max_length=200)
    client_secret = EncryptedTextField(
        _("client secret"),
        max_length=500,
        blank=True,
        help_text=_("Stored encrypted. Leave empty to take it from the environment."),
    )
    client_secret_name = models.CharField(
        _("client secret in the environment"),
        max_length=100,
        blank=True,
        help_text=_("Name of the secret in OIDC_CLIENT_SECRETS (the environment), used when the field above is empty."),
    )
    scopes = models.CharField(_("scopes"), max_length=300, default="openid email profile")
    roles_claim = models.CharField(
        _("roles claim"),
        max_length=100,
        default="groups",
        help_text=_("The claim that lists the user's groups or roles."),
    )
    assessor_groups = models.TextField(
        _("groups for assessors"),
        max_length=limits.REASON,
        blank=True,
        help_text=_("One group or role value per line."),
    )
    coordinator_groups = models.TextField(
        _("groups for coordinators"),
        max_length=limits.REASON,
        blank=True,
        help_text=_("One group or role value per line."),
    )
    second_factor = models.CharField(
        _("second factor"),
        max_length=20,
        choices=SecondFactorPolicy.choices,
        default=SecondFactorPolicy.PROVIDER_OR_LOCAL,
    )
    mfa_acr_values = models.CharField(
        _("acr values that prove a second factor"),
        max_length=500,
        blank=True,
        help_text=_("Space-separated. The amr values of RFC 8176 (e.g. mfa, otp, hwk) are recognised without this."),
    )

    class Meta:
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")

    def __str__(self) -> str:
        return str(self.body)

    def group_values(self, field: str) -> set[str]:
        return {line.strip() for line in getattr(self, field).splitlines() if line.strip()}


class ExternalIdentity(models.Model):
    """A staff account's identity at a provider: the `sub` claim within its issuer, never an e-mail."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="external_identities")
    issuer = models.CharField(_("issuer"), max_length=500)
    subject = models.CharField(_("subject (sub)"), max_length=255)
    linked_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("external identity")
        verbose_name_plural = _("external identities")
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="unique_external_identity")]

    def __str__(self) -> str:
        return f"{self.issuer} {self.subject}"


class VouchedFact(models.TextChoices):
    """Facts of an officeholder that the body vouches for: the officeholder can only propose a correction."""

    OFFICE = "office", _("office")
    APPOINTMENT_CERTAIN_ON = "appointment_certain_on", _("date the appointment became certain")
    TERM_ENDS_ON = "term_ends_on", _("date the term ends")


class CorrectionStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class FactCorrection(models.Model):
    """An officeholder's proposal to correct a vouched fact; an assessor of the body accepts or rejects it."""

    officeholder = models.ForeignKey(User, on_delete=models.CASCADE, related_name="fact_corrections")
    fact = models.CharField(_("fact"), max_length=30, choices=VouchedFact.choices)
    proposed_value = models.CharField(_("proposed value"), max_length=40)
    explanation = EncryptedTextField(_("explanation"), max_length=limits.REASON)
    proposed_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.PROPOSED)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = EncryptedTextField(max_length=limits.REASON, blank=True)

    class Meta:
        ordering = ["proposed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.officeholder_id} {self.fact}"


class EnrolmentPurpose(models.TextChoices):
    ISSUED = "issued", _("first enrolment")
    RESET = "reset", _("reset after a lost device")


class EnrolmentCode(models.Model):
    """A one-time code that lets its person set up a second factor: a password alone cannot.

    Issued by the body's coordinator (or an administrator) and handed over outside the
    system; stored as a keyed hash only, works once, expires (ENROLMENT_CODE_VALID_HOURS),
    and is voided after ENROLMENT_CODE_MAX_FAILURES wrong codes for the same person."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="enrolment_codes")
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    purpose = models.CharField(_("purpose"), max_length=10, choices=EnrolmentPurpose.choices)
    issued_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = EncryptedTextField(_("reason"), max_length=limits.REASON, blank=True)
    issued_at = models.DateTimeField(_("issued at"))
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    failures = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("enrolment code")
        verbose_name_plural = _("enrolment codes")
        ordering = ["-issued_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.purpose} {self.issued_at:%Y-%m-%d %H:%M}"


class RecoveryCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """Single-use recovery (backup) codes, stored as keyed hashes: django-otp's static device
    keeps them readable, this one cannot show them again. The codes are shown once."""

    class Meta:
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")

    def get_throttle_factor(self) -> int:
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)

    def verify_token(self, token) -> bool:
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        deleted, _rows = self.codes.filter(code_hash=recovery_code_hash(str(token))).delete()
        if deleted:
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
        else:
            self.throttle_increment()
        return bool(deleted)


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, db_index=True)

    def __str__(self) -> str:
        return f"recovery code {self.pk}"  # never the code: only its hash is kept


def recovery_code_hash(code: str) -> str:
    """The keyed hash a recovery code is kept as (spaces, dashes and case ignored)."""
    return blind_index("recovery|" + code.replace("-", ""))


def enrolment_code_hash(code: str) -> str:
    return blind_index("enrolment|" + code.replace("-", ""))


class MailStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class OutgoingMail(models.Model):
    """One e-mail in the outbox (regeling/accounts/mail_outbox.py): written in the transaction of the step
    that causes it, delivered by the worker after commit. The address and the text are encrypted; the text
    is emptied once the mail is sent (a reset or invitation link is a secret), the row deleted soon after."""

    kind = models.CharField(max_length=30)
    recipient = EncryptedTextField()
    subject = EncryptedTextField(blank=True)
    body = EncryptedTextField(blank=True)
    status = models.CharField(max_length=10, choices=MailStatus.choices, default=MailStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    # Not before this moment: the next try after a failure, or the end of a worker's claim while it sends.
    due_at = models.DateTimeField(db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=80, blank=True)  # the error's class and SMTP code, never its text
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "due_at"], name="mail_status_due")]

    def __str__(self) -> str:
        return f"{self.kind} mail {self.pk} ({self.status})"
