"""An insider with database superuser rights attacks the audit log; every attack is detected.

Each test does what such a person could do in psql (triggers off, hashes recomputed
without the key, rows removed anywhere) and asserts that `verify_audit_chain` names
the damage and says since when the log can no longer be trusted.
"""

import hashlib
import hmac
import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from regeling.audit import anchors, chain
from regeling.audit import log as audit
from regeling.audit.models import AuditLink

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the insider attacks PostgreSQL"),
]


@pytest.fixture(autouse=True)
def anchor_file(settings, tmp_path):
    settings.AUDIT_ANCHOR_FILE = str(tmp_path / "anchors.jsonl")
    return tmp_path / "anchors.jsonl"


def _events(count: int):
    events = [audit.record("test.event", number=n) for n in range(count)]
    chain.link_pending()
    return events


def _psql(sql: str, params=()) -> None:
    """As a superuser in psql: triggers off for this session."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql, list(params))
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")


def _verify() -> str:
    out = StringIO()
    call_command("verify_audit_chain", stdout=out)
    return out.getvalue()


def _guess_hash(seq, previous, contents) -> str:
    """The best an attacker without the key can do: the old plain SHA-256, or an HMAC with a guessed key."""
    payload = json.dumps([seq, previous, *contents], sort_keys=True, default=str).encode()
    return hmac.new(b"guessed-key", payload, hashlib.sha256).hexdigest()


def test_edit_detected_when_the_attacker_recomputes_every_hash_after_it():
    events = _events(4)
    _psql("UPDATE audit_auditevent SET result = 'ok', action = 'nothing.happened' WHERE id = %s", [events[1].pk])
    previous = AuditLink.objects.get(seq=1).hash
    for link in AuditLink.objects.filter(seq__gte=2).order_by("seq").select_related("event"):
        digest = _guess_hash(link.seq, previous, link.event.contents())
        _psql("UPDATE audit_auditlink SET previous_hash = %s, hash = %s WHERE seq = %s", [previous, digest, link.seq])
        previous = digest
    with pytest.raises(CommandError, match=f"event {events[1].pk} was altered"):
        _verify()


def test_trusted_until_named_when_a_row_was_edited():
    events = _events(3)
    _psql("UPDATE audit_auditevent SET result = 'denied' WHERE id = %s", [events[2].pk])
    with pytest.raises(CommandError, match=re.escape(f"trusted up to {events[1].at.isoformat()}, not after")):
        _verify()


def test_deletion_detected_when_an_event_and_its_link_are_removed_in_the_middle():
    events = _events(4)
    link = AuditLink.objects.get(event_id=events[1].pk)
    _psql("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    _psql("DELETE FROM audit_auditlink WHERE seq = %s", [link.seq])
    with pytest.raises(CommandError, match=f"links {link.seq} to {link.seq} are missing"):
        _verify()


def test_deletion_detected_when_the_newest_rows_are_removed_after_a_checkpoint():
    events = _events(4)
    checkpoint = anchors.write_checkpoint()
    for event in events[2:]:
        _psql("DELETE FROM audit_auditlink WHERE event_id = %s", [event.pk])
        _psql("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    with pytest.raises(CommandError, match="counted 4 links, the log has 2 .the newest rows were deleted"):
        _verify()
    assert checkpoint.seq == 4


def test_deletion_detected_when_both_tables_are_truncated():
    _events(3)
    anchors.write_checkpoint()
    _psql("SET CONSTRAINTS ALL IMMEDIATE")  # the test's own transaction still has deferred checks
    _psql("TRUNCATE audit_auditlink, audit_auditevent")
    with pytest.raises(CommandError, match="counted 3 links, the log has 0"):
        _verify()


def test_rewrite_detected_when_the_newest_link_is_dropped_and_relinked():
    events = _events(3)
    anchors.write_checkpoint()
    _psql("UPDATE audit_auditevent SET result = 'denied' WHERE id = %s", [events[2].pk])
    _psql("DELETE FROM audit_auditlink WHERE event_id = %s", [events[2].pk])
    with pytest.raises(CommandError, match="link 3 differs from the checkpoint"):
        _verify()


def test_forged_checkpoint_ignored_when_its_signature_is_wrong(anchor_file):
    _events(2)
    anchors.write_checkpoint()
    forged = anchors.parse(anchor_file.read_text().splitlines()[-1])
    anchor_file.write_text(anchors.Checkpoint(**{**forged.__dict__, "seq": 99}).line() + "\n")
    err = StringIO()
    call_command("verify_audit_chain", stdout=StringIO(), stderr=err)
    assert "wrong signature" in err.getvalue()


def test_chain_intact_and_checkpoints_matched_when_nobody_touched_it():
    _events(3)
    anchors.write_checkpoint()
    _events(2)
    anchors.write_checkpoint()
    assert "5 events verified, 2 checkpoints matched" in _verify()
