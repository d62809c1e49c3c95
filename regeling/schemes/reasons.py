"""Coded reasons for granting less than requested. The letter turns each code
into a full paragraph (templates/letters/reasons/<code>.txt)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Reason(models.TextChoices):
    NOT_ELIGIBLE_OFFICE = "not_eligible_office", _("the office is not covered by the scheme")
    OUTSIDE_TERM = "outside_term", _("the appointment is not certain yet, or the term has ended")
    NOT_MAIN_RESIDENCE = "not_main_residence", _("the home is not the main residence")
    OUTSIDE_TERRITORY = "outside_territory", _("the home lies outside the body's territory without exemption")
    NO_PKVW = "no_pkvw", _("no valid Politiekeurmerk Veilig Wonen certificate")
    NOT_IN_PACKAGE = "not_in_package", _("the measure is not in the basic package")
    ABOVE_CAP = "above_cap", _("the amount exceeds the EUR 2,400 cap for this residence")
    NOT_IN_ADVICE = "not_in_advice", _("the measure is not in the security advice")
    NO_INVOICE = "no_invoice", _("no invoice for (part of) the amount")
    COSTS_OUTSIDE_TERM = "costs_outside_term", _("the costs were incurred outside the term of office")
    CLAIM_WINDOW_PASSED = "claim_window_passed", _("the claim came in after the period following the term")
    OTHER = "other", _("other reason, see the motivation")


REFUSAL_DEFAULT_REASON = Reason.OTHER
