"""Retention reaches the objection too: what the objector and the handler wrote is emptied with the case."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from regeling.applications import services as application_services
from regeling.applications.models import Application
from regeling.letters.models import Letter
from regeling.objections import services
from regeling.objections.models import Objection
from regeling.objections.states import ObjectionOutcome
from regeling.privacy.retention import apply_retention
from tests.helpers import send_letters
from tests.objections.cases import ANSWERED, heard, lodged

pytestmark = pytest.mark.django_db


def test_objection_texts_are_emptied_when_the_case_passes_retention(refused_case, handler, assessor):
    objection = heard(lodged(refused_case, refused_case.applicant), handler)
    services.decide_objection(
        objection.pk, by=handler, outcome=ObjectionOutcome.UNFOUNDED, motivation="Nee.", grounds=ANSWERED
    )
    send_letters(refused_case)  # the decision on objection goes out
    # Time passes: the objection term is over, the case is closed, and long ago.
    Letter.objects.filter(application=refused_case).update(sent_at=timezone.now() - timedelta(weeks=8))
    application_services.close_application(refused_case.pk, by=assessor)
    long_ago = timezone.now() - timedelta(days=settings.RETENTION_DAYS + 1)
    Application.objects.filter(pk=refused_case.pk).update(closed_at=long_ago)

    apply_retention()

    objection = Objection.objects.get(pk=objection.pk)
    assert (objection.grounds_text, objection.hearing_report, objection.hearing_place, objection.motivation) == (
        "",
        "",
        "",
        "",
    )
    assert {(ground.summary, ground.answer) for ground in objection.grounds.all()} == {("", "")}
