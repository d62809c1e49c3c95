"""Publishing a task for an outbox row (regeling/core/celery.py): the letter, mail and import
outboxes all queue their rows this way, and a broker outage leaves the row for the sweep."""

import logging

from regeling.core import celery


def test_the_task_gets_the_row_id_only_when_the_broker_takes_it(monkeypatch):
    sent = []
    monkeypatch.setattr(celery.app, "send_task", lambda name, args, retry: sent.append((name, args, retry)))
    assert celery.publish_or_leave("worker.tasks.render_letter", 7, what="letter") is True
    assert sent == [("worker.tasks.render_letter", (7,), False)]  # no retries inside a request


def test_the_row_is_left_for_the_sweep_with_a_log_line_of_its_id_when_the_broker_is_down(monkeypatch, caplog):
    def broker_down(name, args, retry):
        raise ConnectionError("redis://secret@broker:6379 refused")

    monkeypatch.setattr(celery.app, "send_task", broker_down)
    with caplog.at_level(logging.WARNING, logger="regeling.core.celery"):
        assert celery.publish_or_leave("worker.tasks.deliver_mail", 12, what="mail") is False
    assert caplog.messages == ["mail 12 not queued: broker unavailable; the sweep will retry"]
