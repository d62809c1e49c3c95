"""Pages render in Dutch by default and in English after the language switch (set_language)."""

import pytest
from django.urls import reverse

from tests.factories import ApplicationFactory
from tests.helpers import sign_in


def login_page(client, officeholder, assessor):
    return reverse("accounts:login")


def officeholder_application_list(client, officeholder, assessor):
    sign_in(client, officeholder)
    return reverse("applications:list")


def application_form_step(client, officeholder, assessor):
    sign_in(client, officeholder)
    return reverse("applications:step", args=[ApplicationFactory(applicant=officeholder).public_id, 1])


def assessor_work_list(client, officeholder, assessor):
    sign_in(client, assessor)
    return reverse("review:work_list")


# (page, a phrase it shows in Dutch, the same phrase in English)
PAGES = [
    pytest.param(login_page, "Wachtwoord vergeten?", "Forgot your password?", id="login"),
    pytest.param(officeholder_application_list, "Mijn aanvragen", "My applications", id="application-list"),
    pytest.param(application_form_step, "Stap 1 van 6", "Step 1 of 6", id="application-step"),
    pytest.param(assessor_work_list, "Werkvoorraad", "Work list", id="work-list"),
]


@pytest.mark.parametrize(("open_page", "dutch", "english"), PAGES)
def test_page_is_dutch_when_no_language_was_chosen(client, officeholder, assessor, open_page, dutch, english):
    response = client.get(open_page(client, officeholder, assessor))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl">' in html
    assert dutch in html and english not in html


@pytest.mark.parametrize(("open_page", "dutch", "english"), PAGES)
def test_page_is_english_when_the_language_was_switched(client, officeholder, assessor, open_page, dutch, english):
    url = open_page(client, officeholder, assessor)
    switched = client.post(reverse("set_language"), {"language": "en", "next": url})
    response = client.get(url)
    html = response.content.decode()
    assert switched.status_code == 302 and switched.url == url
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert english in html and dutch not in html
