"""A refused or invalid action brings the case file back as it was filled, with the reason on top;
a step that worked says what happened and what comes next."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from regeling.applications.states import Outcome
from regeling.schemes.reasons import Reason
from tests.factories import ApplicationFactory

from .test_actions import act, decision_data


@pytest.fixture
def assessing(officeholder):
    return ApplicationFactory(applicant=officeholder, in_assessment=True, lines=[40_000, 20_000])


def summary_of(html: str) -> str:
    return html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]


def test_case_file_returns_with_the_motivation_as_typed_when_a_refusal_comes_before_the_views(
    as_user, assessor, assessing
):
    data = decision_data(assessing, Outcome.REFUSE, ["0", "0"], [Reason.NOT_IN_ADVICE] * 2)
    data["decide-motivation"] = "Geen advies overgelegd voor deze maatregelen."
    response = act(as_user(assessor), assessing, "decide", data)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Geen advies overgelegd voor deze maatregelen." in html.split('id="action-decide"', 1)[1]


def test_summary_links_to_the_views_request_when_a_refusal_comes_before_the_views(as_user, assessor, assessing):
    data = decision_data(assessing, Outcome.REFUSE, ["0", "0"], [Reason.NOT_IN_ADVICE] * 2)
    summary = summary_of(act(as_user(assessor), assessing, "decide", data).content.decode())
    assert "4:7" in summary and 'href="#action-request_views"' in summary


def test_summary_links_to_the_field_when_a_back_office_form_is_invalid(as_user, assessor, assessing):
    response = act(as_user(assessor), assessing, "request_information", {"info-message": "", "info-deadline": ""})
    summary = summary_of(response.content.decode())
    assert response.status_code == 400
    assert 'href="#id_info-message"' in summary and 'href="#id_info-deadline"' in summary


def test_deadline_is_prefilled_with_the_configured_default_when_the_case_file_opens(
    as_user, assessor, assessing, settings
):
    settings.INFORMATION_DEADLINE_DAYS = 21
    html = as_user(assessor).get(reverse("review:case", args=[assessing.public_id])).content.decode()
    expected = (timezone.localdate() + timedelta(days=21)).isoformat()
    assert f'name="info-deadline" value="{expected}"' in html


def test_confirmation_names_the_deadline_when_information_is_requested(as_user, assessor, assessing):
    deadline = timezone.localdate() + timedelta(days=14)
    client = as_user(assessor)
    act(client, assessing, "request_information", {"info-message": "Offerte", "info-deadline": deadline.isoformat()})
    html = client.get(reverse("review:case", args=[assessing.public_id])).content.decode()
    assert "Informatieverzoek verstuurd. De beslistermijn staat stil" in html
    assert f"{deadline.day} " in html.split("Informatieverzoek verstuurd", 1)[1].split("</p>", 1)[0]
