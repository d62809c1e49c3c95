"""Every portal page: one h1, a language switch, English when chosen, fields with labels."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from regeling.accounts.models import Office
from regeling.applications.models import DocumentKind
from regeling.schemes.versions import SchemeVersion
from tests.factories import ApplicationFactory, OfficeholderFactory
from tests.helpers import sign_in

from .files import pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(officeholder):
    draft = ApplicationFactory(applicant=officeholder, draft_step=6, declared_at=None)
    case = ApplicationFactory(applicant=officeholder, in_assessment=True)
    return [
        reverse("applications:list"),
        reverse("applications:new"),
        reverse("applications:precheck"),
        reverse("accounts:profile"),
        *[reverse("applications:step", args=[draft.public_id, number]) for number in range(1, 7)],
        reverse("applications:detail", args=[case.public_id]),
        reverse("applications:receipt", args=[case.public_id]),
        reverse("applications:withdraw", args=[case.public_id]),
    ]


def test_every_page_has_one_heading_and_a_language_switch_when_shown(client, officeholder, pages):
    sign_in(client, officeholder)
    for path in pages:
        html = client.get(path).content.decode()
        assert html.count("<h1") == 1, path
        assert 'name="language"' in html and reverse("set_language") in html, path


def test_every_field_has_a_label_when_a_page_shows_a_form(client, officeholder, pages):
    sign_in(client, officeholder)
    for path in pages:
        html = client.get(path).content.decode()
        for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html):
            if 'type="hidden"' in tag or 'type="radio"' in tag:
                continue  # a radio sits inside its own label, in a fieldset with a legend
            field_id = re.search(r'\sid="([^"]+)"', tag).group(1)
            assert f'for="{field_id}"' in html, (path, field_id)


def test_pages_are_in_english_when_english_is_chosen(client, officeholder):
    sign_in(client, officeholder)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("applications:list")).content.decode()
    assert '<html lang="en">' in html and "My applications" in html


def test_step_one_points_to_the_profile_when_the_profile_is_incomplete(client, body):
    officeholder = OfficeholderFactory(body=body, appointment_certain_on=None)
    draft = ApplicationFactory(applicant=officeholder, draft_step=1, declared_at=None)
    sign_in(client, officeholder)
    response = client.post(reverse("applications:step", args=[draft.public_id, 1]), {"next": ""})
    assert response.status_code == 400 and reverse("accounts:profile") in response.content.decode()


def test_exemption_is_asked_only_when_the_applicant_is_a_provincial_executive(client, body):
    executive = OfficeholderFactory(body=body, office=Office.PROVINCIAL_EXECUTIVE)
    alderman = OfficeholderFactory(body=body)
    for officeholder, asked in ((executive, True), (alderman, False)):
        draft = ApplicationFactory(applicant=officeholder, draft_step=2, declared_at=None)
        sign_in(client, officeholder)
        html = client.get(reverse("applications:step", args=[draft.public_id, 2])).content.decode()
        assert ('name="has_residence_exemption"' in html) is asked


def test_certificate_and_its_upload_are_asked_when_scheme_a_applies(client, officeholder):
    draft = ApplicationFactory(
        applicant=officeholder, scheme_version=SchemeVersion.BASIC_PACKAGE, draft_step=4, declared_at=None
    )
    sign_in(client, officeholder)
    step = reverse("applications:step", args=[draft.public_id, 4])
    answers = {"pkvw_certificate_number": "PKVW-123", "pkvw_valid_until": "2027-01-01", "next": ""}
    assert client.post(step, answers).status_code == 400  # the certificate itself is missing
    client.post(
        reverse("applications:upload", args=[draft.public_id]),
        {"upload-kind": DocumentKind.PKVW_CERTIFICATE, "upload-file": upload("pkvw.pdf", pdf_bytes())},
    )
    assert client.post(step, answers).status_code == 302
    draft.refresh_from_db()
    assert draft.pkvw_certificate_number == "PKVW-123" and draft.draft_step == 5
