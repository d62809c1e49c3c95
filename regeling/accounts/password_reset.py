"""Password reset that does the same work for a known and an unknown address.

The request only looks the address up (one query either way) and queues one task after
commit, with the account ids found (none for an unknown address), so the answer and its
timing say nothing about whether an account exists. The worker builds the link and sends
the mail (`worker.tasks.send_password_reset`); tasks take ids, never the address.
"""

import logging
from functools import partial
from urllib.parse import urlsplit

from celery import current_app
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

log = logging.getLogger(__name__)
SUBJECT_TEMPLATE = "accounts/password_reset_subject.txt"
BODY_TEMPLATE = "accounts/password_reset_email.txt"


def _publish(user_ids: list[int]) -> None:
    try:
        current_app.send_task("worker.tasks.send_password_reset", args=(user_ids,), retry=False)
    except Exception:  # a broker outage: the person asks again; nothing personal is logged
        log.warning("password reset not queued: broker unavailable")


def request_reset(form: PasswordResetForm) -> None:
    """Queue the reset mail for whatever accounts the address belongs to (possibly none)."""
    user_ids = [user.pk for user in form.get_users(form.cleaned_data["email"])]
    transaction.on_commit(partial(_publish, user_ids))


def send_reset_mails(user_ids: list[int]) -> int:
    """Send the reset link to each active account with a usable password; returns how many were sent."""
    site = urlsplit(settings.SITE_URL)
    sent = 0
    form = PasswordResetForm()
    for user in get_user_model().objects.filter(pk__in=user_ids, is_active=True):
        if not user.has_usable_password():
            continue
        context = {
            "email": user.email,
            "domain": site.netloc,
            "site_name": site.netloc,
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "user": user,
            "token": default_token_generator.make_token(user),
            "protocol": site.scheme,
        }
        form.send_mail(SUBJECT_TEMPLATE, BODY_TEMPLATE, context, settings.DEFAULT_FROM_EMAIL, user.email)
        sent += 1
    return sent
