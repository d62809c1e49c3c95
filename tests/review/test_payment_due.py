"""Awb 4:87(1): a settled amount is paid within six weeks of the settlement; the work list shows what is due."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from regeling.applications.models import Application
from tests.applications.cases import settled

pytestmark = pytest.mark.django_db
WORK_LIST = reverse("review:work_list")


def test_work_list_shows_the_payment_due_date_when_a_case_is_settled(as_user, officeholder, assessor):
    application = settled(officeholder, assessor, invoiced_cents=40_000)
    page = as_user(assessor).get(WORK_LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    due = timezone.localdate(application.settled_at) + timedelta(weeks=6)
    assert f"Payment due by {due:%-d %B %Y}" in page


def test_work_list_marks_the_payment_overdue_when_six_weeks_have_passed(as_user, officeholder, assessor):
    application = settled(officeholder, assessor, invoiced_cents=40_000)
    Application.objects.filter(pk=application.pk).update(settled_at=timezone.now() - timedelta(weeks=7))
    page = as_user(assessor).get(WORK_LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Payment overdue since" in page
