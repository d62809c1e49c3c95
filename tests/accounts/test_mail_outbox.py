"""The e-mail outbox (regeling/accounts/mail_outbox.py): a mail is a row of the step that causes it,
sent once by the worker after commit, tried again while the mail server refuses for now."""

import logging
import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from regeling.accounts import mail_outbox
from regeling.accounts.models import MailStatus, OutgoingMail
from regeling.core import celery
from worker import tasks

pytestmark = pytest.mark.django_db
ADDRESS = "wim.de.wethouder@example.nl"
LINK = "https://regeling.example.nl/accounts/uitnodiging/geheim-token/"


def _enqueue(django_capture_on_commit_callbacks, *, execute: bool = True) -> OutgoingMail:
    with django_capture_on_commit_callbacks(execute=execute):
        return mail_outbox.enqueue("invitation", to=ADDRESS, subject="Uw account", body=f"Kies uw wachtwoord: {LINK}")


class Refusing:
    """An e-mail backend whose server refuses: `send_messages` raises `error`."""

    def __init__(self, error: Exception):
        self.error = error

    def __call__(self, *args, **kwargs):
        return self

    def send_messages(self, messages):
        raise self.error


def _refuse(monkeypatch, error: Exception) -> None:
    monkeypatch.setattr("django.core.mail.get_connection", Refusing(error))


def test_a_mail_is_sent_after_the_commit_of_its_step(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        mail_outbox.enqueue("news", to=ADDRESS, subject="Nieuws", body="Er is nieuws.")
    assert mail.outbox == [] and OutgoingMail.objects.get().status == MailStatus.PENDING
    for callback in callbacks:
        callback()
    (message,) = mail.outbox
    assert message.to == [ADDRESS] and message.subject == "Nieuws"


def test_a_step_rolled_back_leaves_no_mail(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            mail_outbox.enqueue("news", to=ADDRESS, subject="Nieuws", body="Er is nieuws.")
            raise RuntimeError("the step failed")
    assert not OutgoingMail.objects.exists() and mail.outbox == []


def test_address_and_text_are_stored_encrypted(django_capture_on_commit_callbacks):
    sent = _enqueue(django_capture_on_commit_callbacks, execute=False)
    with connection.cursor() as cursor:
        cursor.execute("SELECT recipient, subject, body FROM accounts_outgoingmail WHERE id = %s", [sent.pk])
        stored = " ".join(cursor.fetchone())
    assert ADDRESS not in stored and "geheim-token" not in stored and "Uw account" not in stored


def test_the_text_with_its_link_is_emptied_once_sent(django_capture_on_commit_callbacks):
    sent = _enqueue(django_capture_on_commit_callbacks)
    sent.refresh_from_db()
    assert sent.status == MailStatus.SENT and sent.sent_at is not None
    assert sent.body == "" and sent.subject == ""
    assert LINK in mail.outbox[0].body


def test_a_mail_delivered_twice_is_sent_once(django_capture_on_commit_callbacks):
    sent = _enqueue(django_capture_on_commit_callbacks)
    tasks.deliver_mail(sent.pk)  # a redelivered message, the sweep
    assert len(mail.outbox) == 1


def test_a_mail_another_worker_is_sending_is_not_sent_again(django_capture_on_commit_callbacks):
    pending = _enqueue(django_capture_on_commit_callbacks, execute=False)
    assert mail_outbox._claim(pending.pk) is not None  # the first worker, still talking to the server
    assert mail_outbox.deliver(pending.pk) is None
    assert mail.outbox == [] and OutgoingMail.objects.get().attempts == 1


def test_a_refusal_for_now_is_tried_again_later(monkeypatch, django_capture_on_commit_callbacks):
    pending = _enqueue(django_capture_on_commit_callbacks, execute=False)
    _refuse(monkeypatch, smtplib.SMTPDataError(451, b"try again later"))
    again = mail_outbox.deliver(pending.pk)
    pending.refresh_from_db()
    assert again is not None and again.seconds == 10
    assert pending.status == MailStatus.PENDING and pending.attempts == 1 and pending.last_error == "SMTPDataError 451"
    assert pending.due_at > timezone.now() + timedelta(seconds=5)
    assert mail_outbox.deliver(pending.pk) is None and pending.attempts == 1  # not before its time


def test_a_closed_port_is_tried_again_with_a_longer_wait(monkeypatch, django_capture_on_commit_callbacks):
    pending = _enqueue(django_capture_on_commit_callbacks, execute=False)
    _refuse(monkeypatch, ConnectionRefusedError(111, "Connection refused"))
    waits = []
    for _attempt in range(3):
        waits.append(mail_outbox.deliver(pending.pk).seconds)
        OutgoingMail.objects.filter(pk=pending.pk).update(due_at=timezone.now())  # the wait has passed
    assert waits == [10, 20, 40]


@override_settings(MAIL_MAX_ATTEMPTS=3)
def test_a_mail_fails_after_the_last_attempt(monkeypatch, django_capture_on_commit_callbacks):
    pending = _enqueue(django_capture_on_commit_callbacks, execute=False)
    _refuse(monkeypatch, ConnectionRefusedError(111, "Connection refused"))
    for _attempt in range(3):
        mail_outbox.deliver(pending.pk)
        OutgoingMail.objects.filter(pk=pending.pk).update(due_at=timezone.now())
    pending.refresh_from_db()
    assert pending.status == MailStatus.FAILED and pending.attempts == 3


def test_an_address_refused_for_good_fails_at_once(monkeypatch, django_capture_on_commit_callbacks, caplog):
    pending = _enqueue(django_capture_on_commit_callbacks, execute=False)
    _refuse(monkeypatch, smtplib.SMTPRecipientsRefused({ADDRESS: (550, b"no such user " + ADDRESS.encode())}))
    with caplog.at_level(logging.INFO):
        assert mail_outbox.deliver(pending.pk) is None
    pending.refresh_from_db()
    assert pending.status == MailStatus.FAILED and pending.last_error == "SMTPRecipientsRefused 550"
    assert ADDRESS not in caplog.text and "wethouder" not in caplog.text


def test_the_retry_names_no_address(monkeypatch, django_capture_on_commit_callbacks):
    pending = _enqueue(django_capture_on_commit_callbacks, execute=False)
    _refuse(monkeypatch, smtplib.SMTPRecipientsRefused({ADDRESS: (451, b"greylisted " + ADDRESS.encode())}))
    again = mail_outbox.deliver(pending.pk)
    assert str(again.error) == "SMTPRecipientsRefused 451" and again.error.__cause__ is None


@pytest.mark.mail_through_broker
def test_the_task_gets_the_mail_id_only(monkeypatch, django_capture_on_commit_callbacks):
    published = []
    monkeypatch.setattr(celery, "publish", lambda name, *args: published.append((name, args)))
    sent = _enqueue(django_capture_on_commit_callbacks)
    assert published == [(mail_outbox.DELIVER_MAIL_TASK, (sent.pk,))]


@pytest.mark.mail_through_broker
def test_a_broker_outage_leaves_the_mail_for_the_sweep(monkeypatch, django_capture_on_commit_callbacks):
    def broker_down(name, *args):
        raise ConnectionError("broker down")

    monkeypatch.setattr(celery, "publish", broker_down)
    pending = _enqueue(django_capture_on_commit_callbacks)
    assert OutgoingMail.objects.get().status == MailStatus.PENDING
    queued = []
    monkeypatch.setattr(celery, "publish", lambda name, *args: queued.append(args[0]))
    assert mail_outbox.requeue_due(grace_seconds=60) == 0  # its message may still be on the way
    OutgoingMail.objects.filter(pk=pending.pk).update(due_at=timezone.now() - timedelta(minutes=2))
    assert mail_outbox.requeue_due(grace_seconds=60) == 1 and queued == [pending.pk]


def test_failed_mails_can_be_queued_again(monkeypatch, django_capture_on_commit_callbacks):
    pending = _enqueue(django_capture_on_commit_callbacks, execute=False)
    OutgoingMail.objects.filter(pk=pending.pk).update(status=MailStatus.FAILED, attempts=12)
    with django_capture_on_commit_callbacks(execute=True):
        assert mail_outbox.retry_failed() == 1
    assert OutgoingMail.objects.get().status == MailStatus.SENT and len(mail.outbox) == 1


@override_settings(MAIL_SENT_RETENTION_DAYS=7, MAIL_FAILED_RETENTION_DAYS=30)
def test_sent_mails_are_deleted_after_the_retention_period(django_capture_on_commit_callbacks):
    old, recent = _enqueue(django_capture_on_commit_callbacks), _enqueue(django_capture_on_commit_callbacks)
    OutgoingMail.objects.filter(pk=old.pk).update(sent_at=timezone.now() - timedelta(days=8))
    failed = _enqueue(django_capture_on_commit_callbacks, execute=False)
    OutgoingMail.objects.filter(pk=failed.pk).update(status=MailStatus.FAILED)
    assert mail_outbox.purge_sent() == 1
    assert set(OutgoingMail.objects.values_list("pk", flat=True)) == {recent.pk, failed.pk}


def test_a_mail_whose_worker_died_mid_send_is_sent_again_once_its_claim_ends(django_capture_on_commit_callbacks):
    pending = _enqueue(django_capture_on_commit_callbacks, execute=False)
    assert mail_outbox._claim(pending.pk) is not None  # this worker is killed before it marks the mail sent
    assert mail_outbox.deliver(pending.pk) is None and mail.outbox == []  # claimed: nobody else sends it
    long_ago = timezone.now() - mail_outbox.PENDING_GRACE * 2 - mail_outbox.CLAIM
    OutgoingMail.objects.filter(pk=pending.pk).update(created_at=long_ago, due_at=long_ago + mail_outbox.CLAIM)
    assert mail_outbox.check_mails().stuck == [pending.pk]
    mail_outbox.deliver(pending.pk)  # queued again by the sweep: a duplicate at worst, never a loss
    assert len(mail.outbox) == 1 and OutgoingMail.objects.get().status == MailStatus.SENT


def test_beat_sweeps_the_mail_outbox_and_purges_sent_mails_with_tasks_that_exist(settings):
    app = tasks.app
    app.loader.import_default_modules()
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    for name in ("worker.tasks.requeue_pending_mails", "worker.tasks.purge_sent_mails"):
        assert name in schedule and name in app.tasks
