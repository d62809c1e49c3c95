"""Accounts by invitation of the employer body, and the officeholder's profile."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from regeling.accounts import invitations
from regeling.accounts.models import UserKind
from tests.factories import AssessorFactory, BodyFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

INVITE = {
    "email": "Nieuwe.Wethouder@example.nl",
    "first_name": "Nina",
    "last_name": "Nieuw",
    "office": "alderman",
    "appointment_certain_on": "2026-05-01",
    "term_ends_on": "2030-05-01",
}
PASSWORD = {"new_password1": "paars-vlot-regen-kompas", "new_password2": "paars-vlot-regen-kompas"}


def invite(client, assessor, django_capture_on_commit_callbacks):
    sign_in(client, assessor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:invite"), INVITE)
    assert response.status_code == 302
    return get_user_model().objects.get(email="nieuwe.wethouder@example.nl")


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_invitation_creates_an_inactive_account_of_the_own_body_when_an_assessor_invites(
    client, assessor, django_capture_on_commit_callbacks
):
    user = invite(client, assessor, django_capture_on_commit_callbacks)
    assert not user.is_active and not user.has_usable_password()
    assert user.body == assessor.body and user.kind == UserKind.OFFICEHOLDER
    assert user.office == "alderman" and user.appointment_certain_on == date(2026, 5, 1)
    (message,) = mail.outbox
    assert "Nina" not in message.body and assessor.body.name not in message.body


def test_invited_officeholder_can_sign_in_when_the_password_is_chosen(
    client, assessor, django_capture_on_commit_callbacks
):
    user = invite(client, assessor, django_capture_on_commit_callbacks)
    path = link_in(mail.outbox[0]).split("8000", 1)[-1]
    client.logout()
    response = client.post(path, PASSWORD)
    user.refresh_from_db()
    assert response.status_code == 302 and user.is_active and user.check_password(PASSWORD["new_password1"])


def test_invitation_link_works_once_when_it_has_been_used(client, assessor, django_capture_on_commit_callbacks):
    invite(client, assessor, django_capture_on_commit_callbacks)
    path = link_in(mail.outbox[0]).split("8000", 1)[-1]
    client.logout()
    client.post(path, PASSWORD)
    assert client.get(path).status_code == 400


def test_invitation_link_is_refused_when_it_has_expired(client, assessor, django_capture_on_commit_callbacks):
    user = invite(client, assessor, django_capture_on_commit_callbacks)
    token = invitations.make_token(user)
    later = timezone.now() + timedelta(days=invitations.INVITATION_VALID_DAYS + 1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("time.time", lambda: later.timestamp())
        assert invitations.invited_user(token) is None
    assert invitations.invited_user(token) == user


def test_invitation_is_refused_when_a_tampered_token_is_used(client):
    response = client.get(reverse("accounts:invitation_accept", args=["bm90LWEtdG9rZW4:abc:def"]))
    assert response.status_code == 400


def test_invitation_is_refused_when_the_email_already_has_an_account(client, assessor, officeholder):
    sign_in(client, assessor)
    response = client.post(reverse("accounts:invite"), {**INVITE, "email": officeholder.email})
    assert response.status_code == 400 and 'id="id_email_error"' in response.content.decode()


def test_invitation_page_is_forbidden_when_an_officeholder_opens_it(client, officeholder):
    sign_in(client, officeholder)
    assert client.get(reverse("accounts:invite")).status_code == 403


def test_profile_saves_language_but_no_vouched_fact_when_the_officeholder_posts_them(client, officeholder):
    sign_in(client, officeholder)
    response = client.post(
        reverse("accounts:profile"),
        {
            "appointment_certain_on": "2022-04-01",
            "term_ends_on": "2031-01-01",
            "phone": "0612345678",
            "preferred_language": "en",
            "office": "mayor",
        },
    )
    officeholder.refresh_from_db()
    assert response.status_code == 302
    assert officeholder.preferred_language == "en"
    # Vouched for by the body: the officeholder can only propose a correction.
    assert (officeholder.term_ends_on, officeholder.office) == (date(2030, 4, 1), "alderman")


def test_correction_proposal_is_stored_and_changes_nothing_when_the_officeholder_sends_it(client, officeholder):
    sign_in(client, officeholder)
    response = client.post(
        reverse("accounts:profile"),
        {"fact": "term_ends_on", "value": "2031-01-01", "explanation": "Herbenoemd per 2027."},
    )
    officeholder.refresh_from_db()
    assert response.status_code == 302 and officeholder.term_ends_on == date(2030, 4, 1)
    assert officeholder.fact_corrections.get().proposed_value == "2031-01-01"


def test_correction_proposal_is_refused_with_a_message_when_the_date_is_unreadable(client, officeholder):
    sign_in(client, officeholder)
    response = client.post(
        reverse("accounts:profile"), {"fact": "term_ends_on", "value": "volgend jaar", "explanation": "x"}
    )
    assert response.status_code == 400 and 'id="id_value_error"' in response.content.decode()
    assert not officeholder.fact_corrections.exists()


def test_new_invitation_replaces_the_old_link_when_the_officeholder_is_invited_again(
    client, assessor, django_capture_on_commit_callbacks
):
    user = invite(client, assessor, django_capture_on_commit_callbacks)
    first = link_in(mail.outbox[0]).split("8000", 1)[-1]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:invite"), {**INVITE, "office": "mayor"})
    user.refresh_from_db()
    assert response.status_code == 302 and len(mail.outbox) == 2 and user.office == "mayor"
    client.logout()
    assert client.get(first).status_code == 400
    assert client.get(link_in(mail.outbox[1]).split("8000", 1)[-1]).status_code == 200


def test_invitation_is_refused_when_the_pending_account_belongs_to_another_body(
    client, assessor, django_capture_on_commit_callbacks
):
    invite(client, assessor, django_capture_on_commit_callbacks)
    other_body_assessor = AssessorFactory(body=BodyFactory(name="Gemeente Elders"))
    sign_in(client, other_body_assessor)
    response = client.post(reverse("accounts:invite"), INVITE)
    assert response.status_code == 400 and len(mail.outbox) == 1
