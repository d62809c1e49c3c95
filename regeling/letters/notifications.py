"""E-mails to the applicant. They say only that there is news in the file and
link to the portal: no names of measures, no address, no amounts, no reference.

Two moments bring news: a step someone else took on the case, and a letter
that has become available. A step that writes a letter waits for the letter,
so the applicant gets one mail and finds the letter when they follow the link.

Each mail is written to the outbox (regeling/accounts/mail_outbox.py) in the transaction of the
step that causes it and sent by the worker after commit, with retry.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from regeling.accounts import mail_outbox
from regeling.accounts.models import User

from .models import LetterStatus

NEWS_MAIL = "news"


def notify_applicant_after_commit(application, *, by: User | None) -> None:
    """Tell the applicant there is news, unless they made the change themselves or a letter will follow.
    The mail is written in the caller's transaction and sent after commit."""
    if by is not None and by.pk == application.applicant_id:
        return
    if _letter_written_in_this_step(application):
        return
    applicant = application.applicant
    queue_news(applicant.email, applicant.preferred_language, application.public_id)


def notify_letter_ready(letter) -> None:
    """A letter can be downloaded now: tell its addressee, in the rendering's transaction (sent after commit)."""
    notify_letters_ready([letter])


def notify_letters_ready(letters) -> None:
    """As `notify_letter_ready`, for a batch of letters in one INSERT. The addressees' addresses and
    languages were read with the letters (no query per letter)."""
    mail_outbox.enqueue_all(
        [
            news_mail(
                letter.application.applicant.email,
                letter.application.applicant.preferred_language,
                letter.application.public_id,
            )
            for letter in letters
        ]
    )


def _letter_written_in_this_step(application) -> bool:
    # The service saves the case (updated_at) and then writes the letter row, in one transaction.
    return application.letters.filter(status=LetterStatus.PENDING, created_at__gte=application.updated_at).exists()


def queue_news(email: str, language: str, public_id) -> None:
    mail_outbox.enqueue_all([news_mail(email, language, public_id)])


def news_mail(email: str, language: str, public_id) -> mail_outbox.Mail:
    """ "There is news in your file", in the addressee's language, with a link to the file and nothing else."""
    with translation.override(language):
        link = settings.SITE_URL + reverse("applications:detail", args=[public_id])
        return mail_outbox.Mail(
            NEWS_MAIL,
            to=email,
            subject=_("There is news in your file"),
            body=_("There is news in your file about security measures at home.\n\nSign in to read it: %(link)s\n")
            % {"link": link},
        )
