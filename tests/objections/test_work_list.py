"""Objections on the work list: their own due date (Awb 7:10), sorted with the rest, overdue in the same way."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from regeling.applications.models import Application
from regeling.letters.models import Letter
from regeling.objections.models import Objection
from tests.factories import ApplicationFactory, OfficeholderFactory
from tests.objections.cases import lodged

pytestmark = pytest.mark.django_db
URL = reverse("review:work_list")


def rows(response):
    return [(case.reference, urgency) for case, urgency, _payment_due in response.context["rows"]]


def test_objection_is_sorted_by_its_own_due_date_among_applications(as_user, handler, body, refused_case):
    objection = lodged(refused_case, refused_case.applicant)
    due = objection.decision_due
    sooner = ApplicationFactory(applicant=OfficeholderFactory(body=body), submitted=True)
    Application.objects.filter(pk=sooner.pk).update(decision_due_on=due - timedelta(days=1))
    later = ApplicationFactory(applicant=OfficeholderFactory(body=body), submitted=True)
    Application.objects.filter(pk=later.pk).update(decision_due_on=due + timedelta(days=1))

    listed = [reference for reference, _ in rows(as_user(handler).get(URL))]

    assert listed.index(sooner.reference) < listed.index(refused_case.reference) < listed.index(later.reference)


def test_objection_past_its_term_is_flagged_overdue_like_an_application(as_user, handler, refused_case):
    objection = lodged(refused_case, refused_case.applicant)
    long_ago = timezone.localdate() - timedelta(weeks=20)
    Letter.objects.filter(application=refused_case).update(sent_at=timezone.now() - timedelta(weeks=20))
    Objection.objects.filter(pk=objection.pk).update(term_ended_on=long_ago, received_on=long_ago)
    Objection.objects.get(pk=objection.pk).save()  # recomputes the due date, as every service does
    Application.objects.filter(pk=refused_case.pk).update(
        decision_due_on=Objection.objects.get(pk=objection.pk).decision_due_on
    )

    response = as_user(handler).get(URL, {"window": "overdue"})

    assert (refused_case.reference, "overdue") in rows(response)
