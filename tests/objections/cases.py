"""Bringing an objection to a state through the services."""

from datetime import timedelta

from django.utils import timezone

from regeling.objections import services
from regeling.objections.states import HearingSkip, ObjectionOutcome
from tests.applications.cases import refuse
from tests.helpers import send_letters

GROUNDS = "De kluis staat in het advies en is dus ten onrechte afgewezen."
REVISION = "Het advies noemt de maatregel."


def lodged(application, objector=None, **kwargs):
    """An objection against the case's decision, by the applicant unless `objector` is given."""
    return services.lodge_objection(application.pk, by=objector or application.applicant, grounds=GROUNDS, **kwargs)


def heard(objection, handler):
    services.invite_to_hearing(
        objection.pk, by=handler, at=timezone.now() + timedelta(days=10), place="Stadhuis, kamer 2"
    )
    return services.record_hearing(objection.pk, by=handler, report="De bezwaarmaker lichtte het advies toe.")


def skipped(objection, handler, reason="clearly_unfounded"):
    return services.skip_hearing(objection.pk, by=handler, reason=reason, note="Het bezwaar herhaalt de aanvraag.")


def lodged_and_heard(application, handler):
    """The applicant objects and the handler hears them (Awb 7:2)."""
    return heard(lodged(application), handler)


def lodged_unheard(application, handler):
    """The applicant objects and waives the hearing (Awb 7:3 c)."""
    return skipped(lodged(application), handler, HearingSkip.WAIVED)


def refused_and_sent(application, assessor, second_assessor):
    """Refuse the case with four eyes and send its letter: an objection can be lodged against it."""
    refuse(application, assessor, second_assessor)
    send_letters(application)
    return application


def unfounded(objection, handler, *, motivation="Nee."):
    """Decide the objection unfounded, every ground answered."""
    return services.decide_objection(
        objection.pk, by=handler, outcome=ObjectionOutcome.UNFOUNDED, motivation=motivation, grounds=ANSWERED
    )


def founded(objection, handler, cents):
    """Decide the objection founded with the case's one line at `cents` (in part when below what was requested)."""
    line = objection.application.lines.get()
    return services.decide_objection(
        objection.pk,
        by=handler,
        outcome=ObjectionOutcome.FOUNDED if cents == line.requested_cents else ObjectionOutcome.FOUNDED_IN_PART,
        motivation=REVISION,
        grounds=ANSWERED,
        revised={line.pk: (cents, REVISION)},
    )


ANSWERED = [("De kluis staat in het advies.", "Dat klopt; wij hebben het advies opnieuw gelezen.")]
