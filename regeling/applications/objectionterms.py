"""The words of an objection's outcome, channel and skipped hearing (Awb 6:6, 7:3, 7:11).

They belong to the objection procedure (regeling/objections/states.py names them there), but
they are defined here, below it, because the letter texts compare against them: an objection
letter is rendered by this app (lettertexts.py, objectionletter.py), which may not import the
objections app above it. Stored values never change.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ObjectionOutcome(models.TextChoices):
    """The Awb's own words for the outcome (7:11, 6:6)."""

    INADMISSIBLE = "inadmissible", _("inadmissible (niet-ontvankelijk)")
    UNFOUNDED = "unfounded", _("unfounded (ongegrond): the contested decision stands unchanged")
    FOUNDED_IN_PART = "founded_in_part", _("founded in part (gedeeltelijk gegrond): revoked and replaced in part")
    FOUNDED = "founded", _("founded (gegrond): revoked and replaced")


FOUNDED_OUTCOMES = (ObjectionOutcome.FOUNDED, ObjectionOutcome.FOUNDED_IN_PART)


class Channel(models.TextChoices):
    PORTAL = "portal", _("in the portal")
    POST = "post", _("by post")
    EMAIL = "email", _("by e-mail")


class HearingSkip(models.TextChoices):
    """Awb 7:3: the only grounds on which the hearing may be left out."""

    CLEARLY_INADMISSIBLE = "clearly_inadmissible", _("the objection is clearly inadmissible (7:3 a)")
    CLEARLY_UNFOUNDED = "clearly_unfounded", _("the objection is clearly unfounded (7:3 b)")
    WAIVED = "waived", _("the objector waived the right to be heard (7:3 c)")
    FULLY_GRANTED = "fully_granted", _("the objection is granted in full and no one else is harmed (7:3 d/e)")
