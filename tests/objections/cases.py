"""Bringing an objection to a state through the services."""

from datetime import timedelta

from django.utils import timezone

from regeling.objections import services

GROUNDS = "De kluis staat in het advies en is dus ten onrechte afgewezen."


def lodged(application, objector, **kwargs):
    return services.lodge_objection(application.pk, by=objector, grounds=GROUNDS, **kwargs)


def heard(objection, handler):
    services.invite_to_hearing(
        objection.pk, by=handler, at=timezone.now() + timedelta(days=10), place="Stadhuis, kamer 2"
    )
    return services.record_hearing(objection.pk, by=handler, report="De bezwaarmaker lichtte het advies toe.")


def skipped(objection, handler, reason="clearly_unfounded"):
    return services.skip_hearing(objection.pk, by=handler, reason=reason, note="Het bezwaar herhaalt de aanvraag.")


ANSWERED = [("De kluis staat in het advies.", "Dat klopt; wij hebben het advies opnieuw gelezen.")]
