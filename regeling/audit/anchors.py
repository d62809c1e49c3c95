"""Checkpoints of the chain's head, kept outside the database.

Beat links pending events and then writes a signed checkpoint (how many links, the
head's sequence number and hash, when) as one JSON line to the file AUDIT_ANCHOR_FILE
and to the log "regeling.audit.anchor", which a deployment ships to its own log sink.
Someone who can change the database cannot change these: removing the newest rows,
or replacing the chain wholesale, no longer matches the last checkpoint.
"""

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from . import chain, keys

log = logging.getLogger("regeling.audit.anchor")


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    head: str
    at: datetime
    key_id: str
    signature: str

    def payload(self) -> bytes:
        return json.dumps([self.seq, self.head, self.at.isoformat(), self.key_id]).encode()

    def line(self) -> str:
        return json.dumps(
            {
                "seq": self.seq,
                "head": self.head,
                "at": self.at.isoformat(),
                "key_id": self.key_id,
                "signature": self.signature,
            },
            sort_keys=True,
        )


def _anchor_file() -> Path | None:
    return Path(settings.AUDIT_ANCHOR_FILE) if settings.AUDIT_ANCHOR_FILE else None


def last_written() -> Checkpoint | None:
    checkpoints = read(_anchor_file()) if _anchor_file() else []
    return checkpoints[-1] if checkpoints else None


def write_checkpoint() -> Checkpoint | None:
    """Link pending events, then write a checkpoint of the head (None when nothing changed since the last)."""
    chain.link_pending(full=True)
    seq, head = chain._head()
    previous = last_written()
    if previous is not None and previous.seq == seq and previous.head == head:
        return None
    key_id, key = keys.newest()
    unsigned = Checkpoint(seq=seq, head=head, at=timezone.now(), key_id=key_id, signature="")
    checkpoint = Checkpoint(**{**unsigned.__dict__, "signature": keys.sign(key, unsigned.payload())})
    path = _anchor_file()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as sink:
            sink.write(checkpoint.line() + "\n")
    log.info("audit checkpoint %s", checkpoint.line())
    return checkpoint


def parse(line: str) -> Checkpoint:
    data = json.loads(line)
    return Checkpoint(
        seq=int(data["seq"]),
        head=str(data["head"]),
        at=datetime.fromisoformat(data["at"]),
        key_id=str(data["key_id"]),
        signature=str(data["signature"]),
    )


def read(path: Path | None) -> list[Checkpoint]:
    if path is None or not path.exists():
        return []
    return [parse(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def genuine(checkpoint: Checkpoint) -> bool:
    key = keys.by_id(checkpoint.key_id)
    return key is not None and keys.matches(key, checkpoint.payload(), checkpoint.signature)


def check(report: chain.Report, checkpoints: list[Checkpoint]) -> chain.Report:
    """Compare the chain with each checkpoint; the first that does not match ends the trusted part."""
    trusted_until = None
    for checkpoint in checkpoints:
        if not genuine(checkpoint):
            report.notes.append(f"checkpoint of {checkpoint.at.isoformat()} has a wrong signature and was ignored")
            continue
        report.anchors_checked += 1
        if report.problem and report.seq is not None and checkpoint.seq >= report.seq:
            break  # the chain itself is already broken before this checkpoint
        present = chain.hash_at(checkpoint.seq) if checkpoint.seq else chain.GENESIS
        if present is None:
            report.problem = (
                f"the checkpoint of {checkpoint.at.isoformat()} counted {checkpoint.seq} links, "
                f"the log has {report.head_seq} (the newest rows were deleted)"
            )
        elif present != checkpoint.head:
            report.problem = (
                f"link {checkpoint.seq} differs from the checkpoint of {checkpoint.at.isoformat()} "
                "(the log was rewritten)"
            )
        if present is None or present != checkpoint.head:
            report.seq, report.event_id, report.trusted_until = checkpoint.seq, None, trusted_until
            break
        trusted_until = checkpoint.at
    return report
