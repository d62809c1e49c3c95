"""The pre-check asks a few questions and shows the rules' verdict and reasons; it stores nothing."""

import pytest
from django.urls import reverse

from regeling.applications.models import Application
from regeling.audit.models import AuditEvent
from tests.helpers import sign_in

from .journey import PRECHECK as ANSWERS

pytestmark = pytest.mark.django_db


def test_alderman_qualifies_under_version_b_when_the_answers_fit(client):
    response = client.post(reverse("applications:precheck"), ANSWERS)
    html = response.content.decode()
    assert response.status_code == 200
    assert "B: beveiligingsadvies op maat" in html
    assert not Application.objects.exists() and not AuditEvent.objects.exists()


def test_council_member_is_told_why_not_when_the_office_is_not_eligible(client, settings):
    settings.LANGUAGE_CODE = "en"
    response = client.post(
        reverse("applications:precheck"), {**ANSWERS, "office": "council_member"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    html = response.content.decode()
    assert "You do not qualify" in html


def test_version_a_applies_when_the_application_date_lies_in_2022(client):
    response = client.post(
        reverse("applications:precheck"),
        {**ANSWERS, "application_date": "2022-06-01", "letterbox_security": "300"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "A: basic package" in response.content.decode()


def test_missing_answers_are_marked_next_to_their_fields_when_the_form_is_sent_empty(client):
    response = client.post(reverse("applications:precheck"), {})
    assert response.status_code == 400 and 'id="id_office_error"' in response.content.decode()


def test_profile_fills_the_questions_when_an_officeholder_is_signed_in(client, officeholder):
    sign_in(client, officeholder)
    html = client.get(reverse("applications:precheck")).content.decode()
    assert 'value="2022-04-01"' in html and '<option value="alderman" selected>' in html
