"""Test helpers shared by every test folder."""

from django.test import TestCase
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from regeling.accounts.twofactor import needs_second_factor
from regeling.letters.models import Letter, LetterStatus
from worker.tasks import render_letter


def sign_in(client, user):
    """Sign `user` in on the Django test client the way the portals require.

    Use this instead of client.login/force_login: for staff (and officeholders who
    turned two-step verification on) it also passes the second factor, with a
    confirmed TOTP device marked verified in the session.
    """
    client.force_login(user)
    if needs_second_factor(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def render_committed(letter_id: int) -> None:
    """Render a letter as the worker does, then run what waits for the commit (the file's
    rename to its final name, the news mail), which a test's own transaction never reaches."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        render_letter(letter_id)


def send_letters(application) -> None:
    """Render every pending letter of the case as the worker does: this sets the date it was sent."""
    for pk in Letter.objects.filter(application=application, status=LetterStatus.PENDING).values_list("pk", flat=True):
        render_letter(pk)
