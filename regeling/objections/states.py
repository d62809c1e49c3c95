"""The states of an objection (bezwaar) and the words of its outcome (Awb chapters 6 and 7).

An objection is its own procedure next to the application: its own states, its own
term (7:10) and its own letters. Stored values never change.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The words of the outcome, the channel and a skipped hearing live one floor down, where the
# letter texts compare against them; this module names them for the objections app.
from regeling.applications.objectionterms import FOUNDED_OUTCOMES, Channel, HearingSkip, ObjectionOutcome

__all__ = ["FOUNDED_OUTCOMES", "OPEN", "Channel", "Court", "HearingSkip", "ObjectionOutcome", "ObjectionStatus"]


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
