"""Password reset: Dutch by default, no personal data in the mail, no bypass of the second factor."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse

from regeling.accounts.twofactor import create_totp_device
from tests.factories import AssessorFactory, OfficeholderFactory
from tests.helpers import sign_in

NEW_PASSWORD = "a-brand-new-long-password-42"  # noqa: S105 - test value
pytestmark = pytest.mark.django_db


def _reset_link(client, user) -> str:
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    (message,) = mail.outbox
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def _set_new_password(client, link):
    page = client.get(link, follow=True)
    return client.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})


def test_reset_mail_names_no_account_when_sent():
    user = OfficeholderFactory()
    _reset_link(Client(), user)
    body = mail.outbox[0].body
    assert user.email not in body and user.last_name not in body


def test_same_answer_when_the_address_is_unknown(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.nl"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_reset_ends_every_other_session_of_the_user_when_the_password_is_set():
    user = OfficeholderFactory()
    other_device = sign_in(Client(), user)
    other_key = other_device.session.session_key
    _set_new_password(Client(), _reset_link(Client(), user))
    assert not Session.objects.filter(session_key=other_key).exists()
    assert other_device.get("/")["Location"].startswith(reverse("accounts:login"))


def test_reset_does_not_sign_in_or_pass_the_second_factor_when_the_user_is_staff():
    assessor = AssessorFactory()
    create_totp_device(assessor)
    client = Client()
    response = _set_new_password(client, _reset_link(client, assessor))
    assert response["Location"] == reverse("accounts:password_reset_complete")
    assert "_auth_user_id" not in client.session
    client.post(reverse("accounts:login"), {"username": assessor.email, "password": NEW_PASSWORD})
    assert client.get("/behandeling/")["Location"].startswith(reverse("accounts:two_factor_verify"))


def test_reset_page_in_dutch_when_no_language_is_chosen(client):
    response = client.get(reverse("accounts:password_reset"))
    assert response.headers["Content-Language"] == "nl"


def test_reset_link_points_at_the_site_when_the_host_header_is_forged(client, settings):
    settings.SITE_URL, settings.ALLOWED_HOSTS = "https://regeling.example.nl", ["regeling.example.nl", "evil.example"]
    user = OfficeholderFactory()
    client.post(reverse("accounts:password_reset"), {"email": user.email}, HTTP_HOST="evil.example")
    assert "https://regeling.example.nl/accounts/wachtwoord-herstellen/" in mail.outbox[0].body
    assert "evil.example" not in mail.outbox[0].body
