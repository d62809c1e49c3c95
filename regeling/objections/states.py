"""The states of an objection (bezwaar) and the words of its outcome (Awb chapters 6 and 7).

An objection is its own procedure next to the application: its own states, its own
term (7:10) and its own letters. Stored values never change.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ObjectionStatus(models.TextChoices):
    RECEIVED = "received", _("objection received")
    REPAIR_REQUESTED = "repair_requested", _("repair of the objection requested")
    HEARING_SCHEDULED = "hearing_scheduled", _("hearing scheduled")
    IN_CONSIDERATION = "in_consideration", _("objection in consideration")
    AWAITING_APPROVAL = "awaiting_approval", _("decision on objection awaiting second approval")
    DECIDED = "decided", _("decided on objection")
    WITHDRAWN = "withdrawn", _("objection withdrawn")


OPEN = (
    ObjectionStatus.RECEIVED,
    ObjectionStatus.REPAIR_REQUESTED,
    ObjectionStatus.HEARING_SCHEDULED,
    ObjectionStatus.IN_CONSIDERATION,
    ObjectionStatus.AWAITING_APPROVAL,
)


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


class Court(models.TextChoices):
    """The eleven district courts (rechtbanken); the competent one is where the body has its seat (8:7)."""

    AMSTERDAM = "amsterdam", "Rechtbank Amsterdam"
    DEN_HAAG = "den_haag", "Rechtbank Den Haag"
    GELDERLAND = "gelderland", "Rechtbank Gelderland"
    LIMBURG = "limburg", "Rechtbank Limburg"
    MIDDEN_NEDERLAND = "midden_nederland", "Rechtbank Midden-Nederland"
    NOORD_HOLLAND = "noord_holland", "Rechtbank Noord-Holland"
    NOORD_NEDERLAND = "noord_nederland", "Rechtbank Noord-Nederland"
    OOST_BRABANT = "oost_brabant", "Rechtbank Oost-Brabant"
    OVERIJSSEL = "overijssel", "Rechtbank Overijssel"
    ROTTERDAM = "rotterdam", "Rechtbank Rotterdam"
    ZEELAND_WEST_BRABANT = "zeeland_west_brabant", "Rechtbank Zeeland-West-Brabant"
