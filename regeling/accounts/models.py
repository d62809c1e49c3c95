"""Users, roles and employer bodies (organisations).

An officeholder applies; staff (assessor, coordinator) work for exactly one
employer body and see only that body's cases. The national role sees
aggregated figures only.
"""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from regeling.core.crypto import EncryptedTextField


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


class Organisation(models.Model):
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
    organisation = models.ForeignKey(
        Organisation,
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
    phone = EncryptedTextField(_("phone"), blank=True)
    preferred_language = models.CharField(
        _("language"), max_length=5, default="nl", choices=[("nl", "Nederlands"), ("en", "English")]
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def is_officeholder(self) -> bool:
        return self.kind == UserKind.OFFICEHOLDER

    @property
    def is_assessor(self) -> bool:
        """Assessors and coordinators both handle cases of their own body."""
        return self.kind in (UserKind.ASSESSOR, UserKind.COORDINATOR) and self.organisation_id is not None

    @property
    def is_coordinator(self) -> bool:
        return self.kind == UserKind.COORDINATOR and self.organisation_id is not None

    @property
    def is_back_office(self) -> bool:
        return self.is_assessor or self.kind in (UserKind.NATIONAL, UserKind.ADMINISTRATOR)
