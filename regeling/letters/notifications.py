"""E-mails to the applicant. They say only that there is news in the file and
link to the portal: no names of measures, no address, no amounts, no reference.

Two moments bring news: a step someone else took on the case, and a letter
that has become available. A step that writes a letter waits for the letter,
so the applicant gets one mail and finds the letter when they follow the link.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from regeling.accounts.models import User

from .models import LetterStatus

log = logging.getLogger(__name__)


def notify_applicant_after_commit(application, *, by: User | None) -> None:
    """Tell the applicant there is news, unless they made the change themselves or a letter will follow."""
    if by is not None and by.pk == application.applicant_id:
        return
    if _letter_written_in_this_step(application):
        return
    user_id, public_id = application.applicant_id, application.public_id
    transaction.on_commit(lambda: send_news_mail(user_id, public_id))


def notify_letter_ready(letter) -> None:
    """A letter can be downloaded now: tell its addressee after the rendering commits.
    Their address and language were read with the letter (one query fewer per letter)."""
    application = letter.application
    applicant, public_id = application.applicant, application.public_id
    email, language = applicant.email, applicant.preferred_language
    transaction.on_commit(lambda: send_news(applicant.pk, email, language, public_id))


def _letter_written_in_this_step(application) -> bool:
    # The service saves the case (updated_at) and then writes the letter row, in one transaction.
    return application.letters.filter(status=LetterStatus.PENDING, created_at__gte=application.updated_at).exists()


def send_news_mail(user_id: int, public_id) -> None:
    user = get_user_model().objects.get(pk=user_id)
    send_news(user_id, user.email, user.preferred_language, public_id)


def send_news(user_id: int, email: str, language: str, public_id) -> None:
    with translation.override(language):
        link = settings.SITE_URL + reverse("applications:detail", args=[public_id])
        try:
            send_mail(
                _("There is news in your file"),
                _("There is news in your file about security measures at home.\n\nSign in to read it: %(link)s\n")
                % {"link": link},
                settings.DEFAULT_FROM_EMAIL,
                [email],
            )
        except OSError:
            log.warning("news mail for user %s not sent: mail server unavailable", user_id)
