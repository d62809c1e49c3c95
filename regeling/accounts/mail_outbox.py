"""The e-mail outbox: every mail the system sends is a row first, delivered by the worker after commit.

`enqueue` writes the row (address, subject and text encrypted) in the transaction of the step that
causes the mail, so a mail exists exactly when its step committed; after commit the task
`worker.tasks.deliver_mail` gets the row's id, never the address. `deliver` claims the row with one
conditional UPDATE, so two workers (a redelivery, the sweep) never both send it, hands it to the mail
server and marks it sent, emptying its text. A mail server that refuses for now (a connection refused,
a 4xx reply) is tried again with backoff, MAIL_MAX_ATTEMPTS times in all; a permanent refusal (5xx for
the address) fails the mail at once. The beat sweep (`requeue_due`) queues rows whose message was lost
(a broker outage); `purge_sent` deletes sent mails after MAIL_SENT_RETENTION_DAYS.

Exactly once as far as SMTP allows: a worker killed after the server accepted the mail and before the
row was marked sent leaves it claimed; once the claim ends (CLAIM, longer than any task may run) it is
sent again. Nothing personal is logged: the mail's id, kind, the error's class and SMTP code only.
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from regeling.core.celery import publish_or_leave

from .models import MailStatus, OutgoingMail

log = logging.getLogger(__name__)
# The worker's task, published by name (the web side never imports worker/).
DELIVER_MAIL_TASK = "worker.tasks.deliver_mail"
# A worker's claim on a mail it is sending: far longer than a task may run (CELERY_TASK_TIME_LIMIT).
CLAIM = timedelta(minutes=5)
# A mail still due this long after its time lost its message (or the broker was down): queue it again.
PENDING_GRACE = timedelta(minutes=1)
# A message may arrive a moment before the time the mail was put back to (clocks, the broker's ETA).
_EARLY = timedelta(seconds=2)


class NotDeliveredYet(Exception):
    """Raised to retry a delivery: names the error's class and SMTP code only, never its text
    (an SMTP refusal quotes the address, and Celery logs the reason of a retry)."""


@dataclass(frozen=True)
class TryAgain:
    """The mail server refused for now: try again after `seconds`."""

    seconds: int
    error: NotDeliveredYet


def backoff_seconds(attempts: int) -> int:
    """10, 20, 40, 80 ... seconds (MAIL_RETRY_FIRST_SECONDS doubled), at most ten minutes."""
    return min(settings.MAIL_RETRY_FIRST_SECONDS * 2 ** max(attempts - 1, 0), 600)


@dataclass(frozen=True)
class Mail:
    """A mail to write to the outbox."""

    kind: str
    to: str
    subject: str
    body: str


def enqueue(kind: str, *, to: str, subject: str, body: str) -> OutgoingMail:
    """Write the mail in the caller's transaction; deliver it after commit. Returns the row."""
    return enqueue_all([Mail(kind, to, subject, body)])[0]


def enqueue_all(mails: list[Mail]) -> list[OutgoingMail]:
    """Write the mails in the caller's transaction with one INSERT (a batch of letters writes
    as many queries for fifty letters as for two); deliver each after commit."""
    now = timezone.now()
    rows = OutgoingMail.objects.bulk_create(
        [
            OutgoingMail(kind=mail.kind, recipient=mail.to, subject=mail.subject, body=mail.body, due_at=now)
            for mail in mails
        ]
    )
    ids = [row.pk for row in rows]
    transaction.on_commit(lambda: [queue_delivery(mail_id) for mail_id in ids])
    return rows


def queue_delivery(mail_id: int) -> bool:
    """Publish the delivery task. False (and a log line with the id only) when the broker is down."""
    return publish_or_leave(DELIVER_MAIL_TASK, mail_id, what="mail")


def _claim(mail_id: int) -> OutgoingMail | None:
    """Take the mail for sending, or None when it is sent, failed, claimed by another worker or not yet due."""
    now = timezone.now()
    claimed = OutgoingMail.objects.filter(pk=mail_id, status=MailStatus.PENDING, due_at__lte=now + _EARLY).update(
        due_at=now + CLAIM, attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    return OutgoingMail.objects.get(pk=mail_id)


def _refused_for_good(exc: Exception) -> bool:
    """A 5xx reply for the address or the message: sending it again would be refused again."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in exc.recipients.values())
    if isinstance(exc, (smtplib.SMTPDataError, smtplib.SMTPSenderRefused)):
        return exc.smtp_code >= 500
    return False


def _error_name(exc: Exception) -> str:
    code = getattr(exc, "smtp_code", None)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code = min((code for code, _message in exc.recipients.values()), default=None)
    return f"{type(exc).__name__} {code}" if code else type(exc).__name__


def deliver(mail_id: int) -> TryAgain | None:
    """Send one pending mail and mark it sent; safe to run twice. A refusal for now returns when to try
    again; after MAIL_MAX_ATTEMPTS, or at once for a refusal for good, the mail is marked failed."""
    mail = _claim(mail_id)
    if mail is None:
        return None
    message = EmailMessage(mail.subject, mail.body, settings.DEFAULT_FROM_EMAIL, [mail.recipient])
    try:
        message.send(fail_silently=False)
    except Exception as exc:  # the mail server, the network, the backend: never quote the error's text
        return _record_failure(mail, exc)
    OutgoingMail.objects.filter(pk=mail.pk, status=MailStatus.PENDING).update(
        status=MailStatus.SENT, sent_at=timezone.now(), subject="", body="", last_error=""
    )
    return None


def _record_failure(mail: OutgoingMail, exc: Exception) -> TryAgain | None:
    error = _error_name(exc)[:80]
    transient = isinstance(exc, OSError) and not _refused_for_good(exc)  # smtplib's errors are OSErrors
    pending = OutgoingMail.objects.filter(pk=mail.pk, status=MailStatus.PENDING)
    if transient and mail.attempts < settings.MAIL_MAX_ATTEMPTS:
        seconds = backoff_seconds(mail.attempts)
        pending.update(due_at=timezone.now() + timedelta(seconds=seconds), last_error=error)
        log.warning("mail %s (%s) not delivered, attempt %s: %s", mail.pk, mail.kind, mail.attempts, error)
        return TryAgain(seconds, NotDeliveredYet(error))
    pending.update(status=MailStatus.FAILED, last_error=error)
    log.error("mail %s (%s) failed after %s attempts: %s", mail.pk, mail.kind, mail.attempts, error)
    return None


def requeue_due(grace_seconds: float = PENDING_GRACE.total_seconds()) -> int:
    """The outbox sweep: queue pending mails whose time passed over the grace period ago. Returns how many."""
    cutoff = timezone.now() - timedelta(seconds=grace_seconds)
    ids = list(
        OutgoingMail.objects.filter(status=MailStatus.PENDING, due_at__lt=cutoff).values_list("pk", flat=True)[:1000]
    )
    for mail_id in ids:
        if not queue_delivery(mail_id):
            break  # the broker is down: the next sweep tries again
    return len(ids)


def retry_failed() -> int:
    """Put failed mails back in the outbox with a fresh round of attempts (an operator, after fixing
    the mail server's settings). Returns how many; they are queued after commit."""
    with transaction.atomic():
        ids = list(OutgoingMail.objects.filter(status=MailStatus.FAILED).values_list("pk", flat=True))
        OutgoingMail.objects.filter(pk__in=ids).update(status=MailStatus.PENDING, attempts=0, due_at=timezone.now())
        transaction.on_commit(lambda: [queue_delivery(mail_id) for mail_id in ids])
    return len(ids)


def purge_sent() -> int:
    """Delete sent mails after MAIL_SENT_RETENTION_DAYS and failed ones after MAIL_FAILED_RETENTION_DAYS."""
    now = timezone.now()
    deleted, _rows = OutgoingMail.objects.filter(
        Q(status=MailStatus.SENT, sent_at__lt=now - timedelta(days=settings.MAIL_SENT_RETENTION_DAYS))
        | Q(status=MailStatus.FAILED, created_at__lt=now - timedelta(days=settings.MAIL_FAILED_RETENTION_DAYS))
    ).delete()
    return deleted


@dataclass
class MailCheck:
    """The mails side of `manage.py check_letters`: ids only, never an address."""

    waiting: list[int]  # pending over the grace period, waiting for their next try (the server refused)
    stuck: list[int]  # due over the grace period ago and not taken: a lost message, no worker, a killed send
    failed: list[int]  # given up after the last attempt or refused for good

    @property
    def problems(self) -> int:
        return len(self.waiting) + len(self.stuck) + len(self.failed)


def check_mails(*, pending_grace: timedelta = PENDING_GRACE) -> MailCheck:
    now = timezone.now()
    old_pending = OutgoingMail.objects.filter(status=MailStatus.PENDING, created_at__lt=now - pending_grace)
    return MailCheck(
        waiting=list(old_pending.filter(due_at__gte=now - pending_grace).values_list("pk", flat=True)),
        stuck=list(old_pending.filter(due_at__lt=now - pending_grace).values_list("pk", flat=True)),
        failed=list(OutgoingMail.objects.filter(status=MailStatus.FAILED).values_list("pk", flat=True)),
    )
