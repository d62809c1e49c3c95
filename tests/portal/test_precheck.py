"""The pre-check asks a few questions and shows the rules' verdict and reasons; it stores nothing."""

import re

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
    first = client.get(reverse("applications:precheck")).content.decode()
    second = answer(client, "position", {"office": "alderman", "body_kind": "municipality"}).content.decode()
    assert '<option value="alderman" selected>' in first and 'value="2022-04-01"' in second


# -- one topic per page (issue 16) ---------------------------------------------------------------
POSITION = {"body_kind": "municipality", "office": "alderman"}
TERM = {"application_date": "2026-03-02", "appointment_certain_on": "2022-04-01", "term_ends_on": "2030-04-01"}


def answer(client, page: str, answers: dict, **extra):
    """Send one page, with every earlier answer as the page carries it."""
    return client.post(reverse("applications:precheck"), {**answers, "page": page, **extra})


def questions_on(response) -> set[str]:
    main = response.content.decode().split("<main", 1)[1]
    tags = re.findall(r"<(?:input|select)\b[^>]*>", main)
    return {re.search(r'name="([a-z_]+)"', tag)[1] for tag in tags if 'type="hidden"' not in tag}


def test_first_page_asks_only_body_and_office(client):
    response = client.get(reverse("applications:precheck"))
    assert questions_on(response) == {"body_kind", "office"}
    assert "Vraag 1 van 5" in response.content.decode()


def test_next_page_asks_the_dates_and_carries_office_and_body_as_hidden_fields(client):
    html = answer(client, "position", POSITION).content.decode()
    assert questions_on(answer(client, "position", POSITION)) == {
        "application_date",
        "appointment_certain_on",
        "term_ends_on",
    }
    assert '<input type="hidden" name="office" value="alderman">' in html
    assert '<input type="hidden" name="body_kind" value="municipality">' in html


def test_council_member_is_told_at_once_why_not_and_what_else_there_is(client, officeholder):
    sign_in(client, officeholder)
    html = answer(client, "position", {**POSITION, "office": "council_member"}).content.decode()
    assert "U komt niet in aanmerking" in html and "Raadsleden vallen niet onder de regeling" in html
    assert "KVK" in html and "112" in html
    assert "waarschijnlijk worden afgewezen" in html and 'class="button"' not in html.split("<main")[1]


def test_version_a_asks_for_the_main_residence_and_not_for_the_territory(client):
    response = answer(client, "term", {**POSITION, **TERM, "application_date": "2022-06-01"})
    assert questions_on(response) == {"is_main_residence"}


def test_version_b_asks_for_the_territory_without_an_exemption_for_an_alderman(client):
    assert questions_on(answer(client, "term", {**POSITION, **TERM})) == {"in_body_territory"}


def test_version_b_asks_a_provincial_executive_about_an_exemption_too(client):
    position = {"body_kind": "province", "office": "provincial_executive"}
    assert questions_on(answer(client, "term", {**position, **TERM})) == {
        "in_body_territory",
        "has_residence_exemption",
    }


def test_measures_page_asks_for_the_basic_package_under_version_a(client):
    answers = {**POSITION, **TERM, "application_date": "2022-06-01", "is_main_residence": "true"}
    response = answer(client, "certificate", {**answers, "pkvw_valid_until": "2027-01-01"})
    assert questions_on(response) == {"letterbox_security", *questions_on(response)} and "has_advice" not in (
        questions_on(response)
    )


def test_pages_lead_to_the_verdict_and_nothing_is_stored(client):
    answers = {**POSITION, **TERM, "in_body_territory": "true", "pkvw_valid_until": "2027-01-01"}
    response = answer(client, "measures", {**answers, "has_advice": "true", "advice_amount": "1.200,00"})
    html = response.content.decode()
    assert response.status_code == 200 and "Resultaat van de voorcheck" in html
    assert "B: beveiligingsadvies op maat" in html and "Wat u in plaats daarvan kunt doen" not in html
    assert not Application.objects.exists() and not AuditEvent.objects.exists()


def test_missing_answer_is_shown_in_the_summary_and_the_earlier_answers_stay(client):
    response = answer(client, "term", {**POSITION, "application_date": ""})
    html = response.content.decode()
    assert response.status_code == 400 and 'class="error-summary"' in html and 'href="#id_application_date"' in html
    assert '<input type="hidden" name="office" value="alderman">' in html


def test_back_shows_the_previous_page_with_its_answers(client):
    response = answer(client, "term", {**POSITION, **TERM}, back="")
    assert questions_on(response) == {"body_kind", "office"}
    assert '<option value="alderman" selected>' in response.content.decode()


def test_dates_outside_the_term_end_the_questions_with_when_one_can_apply(client):
    response = answer(client, "term", {**POSITION, **TERM, "appointment_certain_on": "2026-06-01"})
    html = response.content.decode()
    assert "Resultaat van de voorcheck" in html and "Uw woning" not in html
    assert "vanaf de dag dat uw benoeming vaststaat" in html


def test_pkvw_page_is_skipped_when_version_b_does_not_require_it(client, settings):
    settings.SCHEME_B_PKVW_POLICY = "not_required"
    response = answer(client, "home", {**POSITION, **TERM, "in_body_territory": "true"})
    assert questions_on(response) == {"has_advice", "advice_amount"}


def test_missing_application_date_is_asked_for_in_the_same_words_as_the_steps(client):
    response = answer(client, "term", {**POSITION, "appointment_certain_on": "2022-04-01"})
    html = response.content.decode()
    assert response.status_code == 400 and "Datum van de aanvraag: Vul dit veld in." in html
