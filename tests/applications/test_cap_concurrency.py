"""Two assessors decide two applications for the same home at the same moment (PostgreSQL, real threads):
the residence lock serialises them, so together they never exceed EUR 2,400 (Stcrt. 2020, 49908)."""

import pytest
from django.db import connection

from regeling.applications import services
from regeling.applications.models import MeasureLine
from regeling.applications.states import Outcome, Status
from regeling.schemes.versions import SchemeVersion
from tests.applications.cases import MOTIVATION
from tests.budgets.test_concurrency import run_at_once
from tests.factories import ApplicationFactory, AssessorFactory, BodyFactory, OfficeholderFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL advisory locks"),
]


def test_total_stays_within_2400_when_two_assessors_decide_two_applications_for_one_home_at_once(settings):
    settings.SECOND_APPROVAL_ABOVE_CENTS = 1_000_000  # both are decisions by one assessor
    body = BodyFactory(name="Gemeente Tegelijk")
    officeholder = OfficeholderFactory(body=body)
    applications = [
        ApplicationFactory(
            applicant=officeholder,
            in_assessment=True,
            scheme_version=SchemeVersion.BASIC_PACKAGE,
            postcode=postcode,
            address_line=address_line,
            lines=[150_000],
        )
        for postcode, address_line in (("3511 AB", "Lindelaan 12-a"), ("3511ab", "Lindelaan 12 A"))
    ]
    assessors = AssessorFactory.create_batch(2, body=body)

    results = run_at_once(
        [
            lambda application=application, assessor=assessor: services.decide_application(
                application.pk, by=assessor, outcome=Outcome.GRANT, motivation=MOTIVATION
            )
            for application, assessor in zip(applications, assessors, strict=True)
        ]
    )

    refused = [result for result in results if isinstance(result, services.TransitionRefused)]
    assert len(refused) == 1, results
    assert "exceeds the EUR 2,400" in str(refused[0])
    statuses = sorted(type(a).objects.get(pk=a.pk).status for a in applications)
    assert statuses == sorted([Status.DECIDED, Status.ASSESSMENT])
    granted = sum(
        line.granted_cents
        for line in MeasureLine.objects.filter(application__in=applications, application__status=Status.DECIDED)
    )
    assert granted == 150_000 <= 240_000
