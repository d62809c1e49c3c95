"""The mail outbox against a real SMTP server (aiosmtpd) on loopback and a real worker: the server is
first not there (connection refused), then refuses for now (451), then accepts; every mail arrives once."""

import time

import pytest
from aiosmtpd.controller import Controller
from django.db import transaction

from regeling.accounts import mail_outbox
from regeling.accounts.models import MailStatus, OutgoingMail
from tests.worker.helpers import free_port, start_worker, stop_worker, wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker, pytest.mark.mail_through_broker]
MAILS = 8


class RefusingThenAccepting:
    """An SMTP server that answers 451 (try again later) to the first `refusals` recipients, then accepts."""

    def __init__(self, refusals: int):
        self.refusals, self.refused, self.received = refusals, 0, []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refused < self.refusals:
            self.refused += 1
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope.rcpt_tos, envelope.content.decode()))
        return "250 Message accepted for delivery"


def test_every_mail_is_delivered_once_after_the_mail_server_refused(tmp_path, monkeypatch):
    port = free_port()
    monkeypatch.setenv("TEST_WORKER_SMTP_PORT", str(port))  # read by the worker's settings
    with transaction.atomic():
        mails = [
            mail_outbox.enqueue("news", to=f"houder{n}@example.nl", subject=f"Nieuws {n}", body="Er is nieuws.")
            for n in range(MAILS)
        ]
    ids = [sent.pk for sent in mails]
    worker = start_worker(tmp_path / "worker.log", concurrency=2)
    handler = RefusingThenAccepting(refusals=MAILS // 2)
    server = Controller(handler, hostname="127.0.0.1", port=port)
    try:
        # Nothing listens on the port yet: every mail is refused at the door and waits for its next try.
        wait_for(lambda: OutgoingMail.objects.filter(pk__in=ids, attempts__gte=1).count() == MAILS, timeout=60)
        assert not OutgoingMail.objects.filter(pk__in=ids, status=MailStatus.SENT).exists()
        server.start()
        wait_for(lambda: OutgoingMail.objects.filter(pk__in=ids, status=MailStatus.SENT).count() == MAILS, timeout=90)
        time.sleep(3)  # a second delivery of any mail would arrive now
    finally:
        stop_worker(worker)
        server.stop()
    assert handler.refused == MAILS // 2
    recipients = sorted(address for rcpt_tos, _content in handler.received for address in rcpt_tos)
    assert recipients == sorted(f"houder{n}@example.nl" for n in range(MAILS))  # each once
    assert all(attempts >= 2 for attempts in OutgoingMail.objects.filter(pk__in=ids).values_list("attempts", flat=True))
    assert not OutgoingMail.objects.filter(pk__in=ids).exclude(body="").exists()
    log = (tmp_path / "worker.log").read_text()
    assert "houder" not in log  # the worker's log names mails by id only
