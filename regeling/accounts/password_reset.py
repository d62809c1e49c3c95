"""Password reset that does the same work for a known and an unknown address.

The request only looks the address up (one query either way) and queues one task after
commit, with the account ids found (none for an unknown address), so the answer and its
timing say nothing about whether an account exists. The worker builds the link and writes the
mail to the outbox (`worker.tasks.send_password_reset`), which sends it with retry and then empties
its text (the link is a secret); tasks take ids, never the address. (The outbox row is written by the
worker, not the request: a row written only for a known address would tell by its timing.)
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
from django.template import loader
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from . import mail_outbox

log = logging.getLogger(__name__)
RESET_MAIL = "password_reset"
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


@transaction.atomic
def send_reset_mails(user_ids: list[int]) -> int:
    """Put the reset link in the outbox for each active account with a usable password (sent after
    commit); returns how many."""
    site = urlsplit(settings.SITE_URL)
    sent = 0
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
        # As PasswordResetForm.send_mail builds it: the subject on one line.
        subject = "".join(loader.render_to_string(SUBJECT_TEMPLATE, context).splitlines())
        body = loader.render_to_string(BODY_TEMPLATE, context)
        mail_outbox.enqueue(RESET_MAIL, to=user.email, subject=subject, body=body)
        sent += 1
    return sent
