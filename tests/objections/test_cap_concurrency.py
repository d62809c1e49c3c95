"""Two handlers decide founded objections for the same home at the same moment (PostgreSQL, real threads):
the residence lock of the primary procedure serialises them, so the grants stay within EUR 2,400
(Stcrt. 2020, 49908)."""

import pytest
from django.db import connection

from regeling.applications.models import MeasureLine
from regeling.applications.states import Status
from regeling.core.exceptions import TransitionRefused
from tests.applications.cases import version_a
from tests.budgets.test_concurrency import run_at_once
from tests.factories import AssessorFactory, BodyFactory, OfficeholderFactory
from tests.objections.cases import founded, lodged_unheard, refused_and_sent

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL advisory locks"),
]


def test_two_founded_objections_for_one_home_at_once_stay_within_2400(settings):
    settings.SECOND_APPROVAL_ABOVE_CENTS = 1_000_000  # both are decisions by one handler
    body = BodyFactory(name="Gemeente Gelijktijdig")
    officeholder = OfficeholderFactory(body=body)
    assessor, second, *handlers = AssessorFactory.create_batch(4, body=body)
    applications = [
        refused_and_sent(
            version_a(officeholder, 150_000, postcode=postcode, address_line=address_line), assessor, second
        )
        for postcode, address_line in (("3511 AB", "Lindelaan 12-a"), ("3511ab", "Lindelaan 12 A"))
    ]
    objections = [
        lodged_unheard(application, handler) for application, handler in zip(applications, handlers, strict=True)
    ]

    results = run_at_once(
        [
            lambda o=objection, h=handler: founded(o, h, 150_000)
            for objection, handler in zip(objections, handlers, strict=True)
        ]
    )

    refused = [result for result in results if isinstance(result, TransitionRefused)]
    assert len(refused) == 1, results
    assert "exceeds the EUR 2,400" in str(refused[0])
    granted = sum(line.granted_cents or 0 for line in MeasureLine.objects.filter(application__in=applications))
    assert granted == 150_000 <= 240_000
    assert sorted(type(a).objects.get(pk=a.pk).status for a in applications) == sorted(
        [Status.OBJECTION_DECIDED, Status.OBJECTION_LODGED]
    )
