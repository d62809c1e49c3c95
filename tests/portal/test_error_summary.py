"""The error summary at the top of a step (GOV.UK pattern): names each field, links to its first input."""

import pytest
from django.urls import reverse

from regeling.applications.models import DocumentKind

from .journey import RESIDENCE, fill_until, start, step_url

pytestmark = pytest.mark.django_db


def summary_of(html: str) -> str:
    return html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]


def test_summary_links_to_the_first_radio_when_a_yes_no_question_is_unanswered(client, officeholder):
    application = start(client, officeholder)
    fill_until(client, application, 1)
    data = {key: value for key, value in RESIDENCE.items() if key != "is_main_residence"}
    summary = summary_of(client.post(step_url(application, 2), {**data, "next": ""}).content.decode())
    assert 'href="#id_is_main_residence_0"' in summary and 'href="#"' not in summary


def test_summary_names_the_field_when_two_fields_have_the_same_error(client, officeholder):
    application = start(client, officeholder)
    fill_until(client, application, 1)
    data = {**RESIDENCE, "address_line": "", "city": "", "next": ""}
    summary = summary_of(client.post(step_url(application, 2), data).content.decode())
    assert (
        summary.count("<li>") == 2
        and "Straat en huisnummer: Vul dit veld in." in summary
        and "Plaats: Vul dit veld in." in summary
    )


def test_summary_takes_the_focus_when_the_page_shows_errors(client, officeholder):
    application = start(client, officeholder)
    fill_until(client, application, 1)
    html = client.post(step_url(application, 2), {**RESIDENCE, "postcode": "", "next": ""}).content.decode()
    assert 'tabindex="-1" autofocus' in html.split('class="error-summary"', 1)[1].split(">", 1)[0]


def test_summary_lists_a_refused_upload_when_no_file_is_chosen(client, officeholder):
    application = start(client, officeholder)
    fill_until(client, application, 3)
    url = reverse("applications:upload", args=[application.public_id])
    response = client.post(url, {"upload-kind": DocumentKind.QUOTE})
    assert response.status_code == 400
    assert 'href="#id_upload-file"' in summary_of(response.content.decode())
