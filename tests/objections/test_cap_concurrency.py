"""Two handlers decide founded objections for the same home at the same moment (PostgreSQL, real threads):
the residence lock of the primary procedure serialises them, so the grants stay within EUR 2,400
(Stcrt. 2020, 49908)."""

import pytest
from django.db import connection

from regeling.applications import services as application_services
from regeling.applications.models import MeasureLine
from regeling.applications.states import Outcome, Status
from regeling.core.exceptions import TransitionRefused
from regeling.objections import services
from regeling.objections.states import ObjectionOutcome
from regeling.schemes.versions import SchemeVersion
from tests.applications.cases import MOTIVATION
from tests.budgets.test_concurrency import run_at_once
from tests.factories import ApplicationFactory, AssessorFactory, OfficeholderFactory, OrganisationFactory
from tests.helpers import send_letters
from tests.objections.cases import ANSWERED, lodged, skipped

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL advisory locks"),
]


def refused_for_the_home(officeholder, postcode, address_line, assessor, second):
    application = ApplicationFactory(
        applicant=officeholder,
        in_assessment=True,
        scheme_version=SchemeVersion.BASIC_PACKAGE,
        postcode=postcode,
        address_line=address_line,
        lines=[150_000],
    )
    application_services.decide_application(
        application.pk,
        by=assessor,
        outcome=Outcome.REFUSE,
        motivation=MOTIVATION,
        views_exception="4:7(1)",
        views_not_needed_reason="De feiten staan niet ter discussie.",
    )
    application_services.approve_decision(application.pk, by=second)
    send_letters(application)
    return application


def test_two_founded_objections_for_one_home_at_once_stay_within_2400(settings):
    settings.SECOND_APPROVAL_ABOVE_CENTS = 1_000_000  # both are decisions by one handler
    body = OrganisationFactory(name="Gemeente Gelijktijdig")
    officeholder = OfficeholderFactory(organisation=body)
    assessor, second, *handlers = AssessorFactory.create_batch(4, organisation=body)
    applications = [
        refused_for_the_home(officeholder, postcode, address_line, assessor, second)
        for postcode, address_line in (("3511 AB", "Lindelaan 12-a"), ("3511ab", "Lindelaan 12 A"))
    ]
    objections = [
        skipped(lodged(application, officeholder), handler, "waived")
        for application, handler in zip(applications, handlers, strict=True)
    ]

    def decide(objection, handler):
        line = objection.application.lines.get()
        return services.decide_objection(
            objection.pk,
            by=handler,
            outcome=ObjectionOutcome.FOUNDED,
            motivation="Het advies noemt de maatregel.",
            grounds=ANSWERED,
            revised={line.pk: (150_000, "Het advies noemt de maatregel.")},
        )

    results = run_at_once(
        [lambda o=objection, h=handler: decide(o, h) for objection, handler in zip(objections, handlers, strict=True)]
    )

    refused = [result for result in results if isinstance(result, TransitionRefused)]
    assert len(refused) == 1, results
    assert "exceeds the EUR 2,400" in str(refused[0])
    granted = sum(line.granted_cents or 0 for line in MeasureLine.objects.filter(application__in=applications))
    assert granted == 150_000 <= 240_000
    assert sorted(type(a).objects.get(pk=a.pk).status for a in applications) == sorted(
        [Status.OBJECTION_DECIDED, Status.OBJECTION_LODGED]
    )
