"""Password reset: Dutch by default, no personal data in the mail, no bypass of the second factor."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse

from regeling.accounts import password_reset
from regeling.accounts.twofactor import create_totp_device
from tests.factories import AssessorFactory, OfficeholderFactory
from tests.helpers import sign_in
from worker.tasks import send_password_reset

NEW_PASSWORD = "a-brand-new-long-password-42"  # noqa: S105 - test value
pytestmark = pytest.mark.django_db


def _request_reset(client, email: str, **extra) -> list:
    """Ask for a reset as the browser does, then run the task it queued after commit; returns the tasks' ids."""
    with TestCase.captureOnCommitCallbacks() as callbacks:
        client.post(reverse("accounts:password_reset"), {"email": email}, **extra)
    queued = [callback.args[0] for callback in callbacks if getattr(callback, "func", None) is password_reset._publish]
    for user_ids in queued:
        with TestCase.captureOnCommitCallbacks(execute=True):  # the outbox delivers after commit
            send_password_reset(user_ids)
    return queued


def _reset_link(client, user) -> str:
    _request_reset(client, user.email)
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


def test_same_work_in_the_request_when_the_address_is_known_or_unknown(client, django_capture_on_commit_callbacks):
    user = OfficeholderFactory()
    for email in (user.email, "nobody@example.nl"):
        with django_capture_on_commit_callbacks() as callbacks:
            client.post(reverse("accounts:password_reset"), {"email": email})
        assert len([c for c in callbacks if getattr(c, "func", None) is password_reset._publish]) == 1
    assert mail.outbox == []  # no mail is built or sent inside the request, known or not


def test_mail_sent_by_the_task_when_the_address_is_known(client):
    user = OfficeholderFactory()
    assert _request_reset(client, user.email) == [[user.pk]]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [user.email]


def test_no_mail_sent_by_the_task_when_the_address_is_unknown(client):
    assert _request_reset(client, "nobody@example.nl") == [[]]
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
    _request_reset(client, user.email, HTTP_HOST="evil.example")
    assert "https://regeling.example.nl/accounts/wachtwoord-herstellen/" in mail.outbox[0].body
    assert "evil.example" not in mail.outbox[0].body
