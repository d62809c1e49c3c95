"""`manage.py check_letters`: pending, failed, orphaned and mismatched letters, exit 1 when any."""

import os
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail as sent_mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from regeling.accounts.models import MailStatus, OutgoingMail
from regeling.letters.models import Letter, LetterKind, LetterStatus
from tests.factories import ApplicationFactory
from tests.helpers import render_committed


@pytest.fixture(autouse=True)
def own_storage(settings, tmp_path):
    """A folder of this test's own: the check sees only the files this test made."""
    default = settings.STORAGES["default"]
    settings.STORAGES = {**settings.STORAGES, "default": {**default, "OPTIONS": {"location": tmp_path}}}


@pytest.fixture
def sent(officeholder):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True, with_reasoning=True)
    letter = Letter.objects.create(application=application, kind=LetterKind.DECISION)
    render_committed(letter.pk)
    return Letter.objects.get(pk=letter.pk)


def check() -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("check_letters", stdout=out, stderr=StringIO())
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


def test_exits_zero_and_says_nothing_was_lost_when_every_letter_is_sent_and_intact(sent):
    code, out = check()

    assert code == 0 and "Nothing lost" in out


def test_exits_one_and_lists_the_letter_when_it_is_pending_past_the_grace_period(sent):
    Letter.objects.filter(pk=sent.pk).update(
        status=LetterStatus.PENDING, created_at=timezone.now() - timedelta(hours=1)
    )

    code, out = check()

    assert code == 1 and f"letters pending: 1 ({sent.pk})" in out


def test_exits_one_when_a_letter_failed(sent):
    Letter.objects.filter(pk=sent.pk).update(status=LetterStatus.FAILED)

    code, out = check()

    assert code == 1 and f"letters failed: 1 ({sent.pk})" in out


def test_exits_one_and_lists_the_letter_when_its_stored_file_does_not_match_its_sha256(sent):
    default_storage.delete(sent.pdf.name)
    default_storage.save(sent.pdf.name, ContentFile(b"%PDF- changed"))

    code, out = check()

    assert code == 1 and f"letters mismatched: 1 ({sent.pk})" in out


def test_exits_one_when_a_file_no_letter_points_to_is_older_than_the_grace_period(db):
    name = default_storage.save("letters/left-behind.pdf", ContentFile(b"%PDF-"))
    old = time.time() - 3600
    os.utime(default_storage.path(name), (old, old))

    code, out = check()

    assert code == 1 and "letters orphaned files: 1" in out and default_storage.exists(name)


def _mail(**fields):
    values = {"kind": "news", "recipient": "wim@example.nl", "due_at": timezone.now(), **fields}
    mail = OutgoingMail.objects.create(**values)
    OutgoingMail.objects.filter(pk=mail.pk).update(created_at=timezone.now() - timedelta(hours=1))
    return mail


def test_exits_one_and_lists_a_mail_that_is_due_but_not_taken(sent):
    stuck = _mail(due_at=timezone.now() - timedelta(hours=1))

    code, out = check()

    assert code == 1 and f"mails stuck (due, not taken): 1 ({stuck.pk})" in out and "wim@" not in out


def test_exits_one_when_a_mail_waits_for_a_retry_past_the_grace_period(sent):
    waiting = _mail(due_at=timezone.now() + timedelta(minutes=5), attempts=3)

    code, out = check()

    assert code == 1 and f"mails pending (waiting for a retry): 1 ({waiting.pk})" in out


def test_exits_one_when_a_mail_failed_and_queues_it_again_when_asked(sent, django_capture_on_commit_callbacks):
    failed = _mail(status=MailStatus.FAILED, subject="Nieuws", body="Er is nieuws.")
    code, out = check()
    assert code == 1 and f"mails failed: 1 ({failed.pk})" in out

    # Queued again, it counts as pending until the worker has sent it.
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(SystemExit):
        call_command("check_letters", "--retry-failed-mails", stdout=StringIO(), stderr=StringIO())

    assert check()[0] == 0 and [m.to for m in sent_mail.outbox].count(["wim@example.nl"]) == 1
