"""The pages every government portal has: accessibility statement, privacy statement, contact."""

import pytest
from django.urls import reverse

from tests.helpers import sign_in
from tests.portal.journey import start, step_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["accessibility", "privacy_statement", "contact"])
def test_statement_is_open_to_everyone_when_not_signed_in(client, name):
    assert client.get(reverse(name)).status_code == 200


def test_accessibility_statement_follows_the_model_when_shown_in_dutch(client):
    html = client.get(reverse("accessibility")).content.decode()
    for heading in ("Nalevingsstatus", "Bekende problemen", "Feedback en contact", "Handhavingsprocedure"):
        assert f"<h2>{heading}</h2>" in html


def test_contact_page_shows_the_body_of_the_signed_in_officeholder_when_asked(client, officeholder):
    body = officeholder.body
    body.contact_phone, body.contact_email = "030 123 45 67", "regeling@example.nl"
    body.save()
    sign_in(client, officeholder)
    html = client.get(reverse("contact")).content.decode()
    assert body.name in html and "030 123 45 67" in html and "regeling@example.nl" in html


def test_every_page_links_to_the_statements_when_rendered(client):
    html = client.get(reverse("accounts:login")).content.decode()
    for name in ("accessibility", "privacy_statement", "contact"):
        assert f'href="{reverse(name)}"' in html


def test_officeholder_keeps_their_navigation_when_a_step_page_is_shown(client, officeholder):
    application = start(client, officeholder)
    html = client.get(step_url(application, 1)).content.decode()
    assert f'href="{reverse("applications:list")}"' in html.split("</nav>", 1)[0]


def test_assessor_keeps_the_staff_navigation_when_the_letter_batch_page_is_shown(client, assessor):
    sign_in(client, assessor)
    html = client.get(reverse("letters:batch_new")).content.decode()
    assert f'href="{reverse("review:work_list")}"' in html.split("</nav>", 1)[0]
