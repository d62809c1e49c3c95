"""What happens to earlier reimbursements: the dry run, the import, corrections, withdrawals, matching.

Each step is atomic and audited. The import itself runs in the worker
(`worker.tasks.import_earlier_reimbursements`, the run's id only) in batches, each
batch one transaction; a second run of the task, or a second upload of the same
file, creates nothing twice: one body's reference is one row (a unique constraint),
and a batch skips what exists.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from regeling.accounts.models import UserKind
from regeling.audit import log as audit
from regeling.core.residence import residence_key
from regeling.schemes.versions import SchemeVersion

from . import parsing
from .models import Correction, EarlierReimbursement, ImportRun, ImportStatus, officeholder_key, source_key
from .parsing import Reason, Row

BATCH_SIZE = 1000


class Outcome:
    CREATE = "create"  # created, matched to the officeholder's account
    CREATE_PENDING = "create_pending"  # created, waits until the officeholder is invited
    REFUSE = "refuse"


class ImportRefused(Exception):
    """A step that is not possible now (shown to the user with a 4xx)."""


def can_import(user, body_id: int | None) -> bool:
    """The body's coordinator for their own body; the administrator for any body."""
    if user.kind == UserKind.ADMINISTRATOR and user.is_active:
        return True
    return user.is_coordinator and body_id == user.body_id


def require_import(user, body_id) -> None:
    if not can_import(user, body_id):
        raise PermissionDenied


# -- checking rows against the database ------------------------------------------------
@dataclass(frozen=True)
class Checked:
    row: Row
    outcome: str
    reasons: tuple[str, ...]
    officeholder_id: int | None = None


def check_rows(body_id: int, rows: list[Row]) -> list[Checked]:
    """The outcome per row: two queries for the whole list (accounts, references already imported)."""
    emails = {row.values["email"] for row in rows if "email" in row.values}
    accounts = {
        user.email.lower(): user
        for user in get_user_model().objects.filter(email__in=emails).only("pk", "email", "kind", "body_id")
    }
    keys = {source_key(body_id, row.values["reference"]) for row in rows if "reference" in row.values}
    existing = set(
        EarlierReimbursement.objects.filter(body_id=body_id, source_key__in=keys).values_list("source_key", flat=True)
    )
    seen, result = set(), []
    for row in rows:
        reasons = list(row.reasons)
        reference = row.values.get("reference")
        key = source_key(body_id, reference) if reference else None
        if key and key in existing:
            reasons.append(Reason.DUPLICATE)
        elif key and key in seen:
            reasons.append(Reason.DUPLICATE_IN_FILE)
        if key:
            seen.add(key)
        account = accounts.get(row.values.get("email", ""))
        if account is not None and (account.kind != UserKind.OFFICEHOLDER or account.body_id != body_id):
            reasons.append(Reason.OTHER_ACCOUNT)
        if reasons:
            result.append(Checked(row, Outcome.REFUSE, tuple(reasons)))
        elif account is None:
            result.append(Checked(row, Outcome.CREATE_PENDING, ()))
        else:
            result.append(Checked(row, Outcome.CREATE, (), account.pk))
    return result


def report_of(checked: list[Checked]) -> list[dict]:
    """The dry run's report: line, outcome, reason codes. Nothing personal."""
    return [{"line": item.row.line, "outcome": item.outcome, "reasons": list(item.reasons)} for item in checked]


# -- the dry run -----------------------------------------------------------------------
@transaction.atomic
def check_file(data: bytes, *, body_id: int, by) -> ImportRun:
    """Read and check the file; store the rows (encrypted) and the report. Creates no reimbursement.

    Raises parsing.FileError when the file as a whole cannot be read.
    """
    require_import(by, body_id)
    today = timezone.localdate()
    rows = [parsing.check_row(line, raw, today=today) for line, raw in parsing.read_file(data)]
    checked = check_rows(body_id, rows)
    run = ImportRun.objects.create(
        body_id=body_id,
        uploaded_by=by,
        sha256=hashlib.sha256(data).hexdigest(),
        file_format=parsing.file_format(data),
        rows=json.dumps([{"line": row.line, "values": row.values, "reasons": list(row.reasons)} for row in rows]),
        report=report_of(checked),
        total=len(rows),
    )
    audit.record(
        "earlier.import_checked",
        actor=by,
        obj=run,
        rows=len(rows),
        refused=sum(item.outcome == Outcome.REFUSE for item in checked),
    )
    return run


def summary(run: ImportRun) -> dict:
    counts = {Outcome.CREATE: 0, Outcome.CREATE_PENDING: 0, Outcome.REFUSE: 0}
    for item in run.report:
        counts[item["outcome"]] += 1
    return counts


@transaction.atomic
def confirm_import(run_id: int, *, by) -> ImportRun:
    """Queue the checked file for the worker (after commit). Refused rows are left out, never forced in."""
    run = ImportRun.objects.select_for_update().get(pk=run_id)
    require_import(by, run.body_id)
    if run.status != ImportStatus.CHECKED:
        raise ImportRefused(_("This file has already been imported or cancelled."))
    if not any(item["outcome"] != Outcome.REFUSE for item in run.report):
        raise ImportRefused(_("No row of this file can be imported. Correct the file and upload it again."))
    run.status, run.confirmed_by, run.confirmed_at = ImportStatus.QUEUED, by, timezone.now()
    run.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    audit.record("earlier.import_confirmed", actor=by, obj=run)
    return run


@transaction.atomic
def cancel_import(run_id: int, *, by) -> ImportRun:
    run = ImportRun.objects.select_for_update().get(pk=run_id)
    require_import(by, run.body_id)
    if run.status != ImportStatus.CHECKED:
        raise ImportRefused(_("This file has already been imported or cancelled."))
    run.status, run.rows = ImportStatus.CANCELLED, ""
    run.save(update_fields=["status", "rows"])
    audit.record("earlier.import_cancelled", actor=by, obj=run)
    return run


# -- the import (worker) -----------------------------------------------------------------
def import_next_batch(run_id: int) -> bool:
    """Import the next batch of a confirmed run; True while more remain. Safe to run twice.

    Each batch is checked again (another import may have brought a reference in
    meanwhile) and written in one transaction with its progress and its audit events.
    """
    with transaction.atomic():
        # The report is not needed here; the rows are (decrypted once per batch).
        run = ImportRun.objects.select_for_update().defer("report").get(pk=run_id)
        if run.status not in (ImportStatus.QUEUED, ImportStatus.RUNNING):
            return False
        rows = [Row(item["line"], item["values"], tuple(item["reasons"])) for item in json.loads(run.rows or "[]")]
        batch = rows[run.processed : run.processed + BATCH_SIZE]
        checked = check_rows(run.body_id, batch)
        created = [_reimbursement(run, item) for item in checked if item.outcome != Outcome.REFUSE]
        EarlierReimbursement.objects.bulk_create(created)
        audit.record_many("earlier.imported", created, actor=run.confirmed_by, import_run=str(run.public_id))
        run.processed += len(batch)
        run.created_count += sum(item.outcome == Outcome.CREATE for item in checked)
        run.pending_count += sum(item.outcome == Outcome.CREATE_PENDING for item in checked)
        run.refused_count += sum(item.outcome == Outcome.REFUSE for item in checked)
        run.status = ImportStatus.RUNNING
        if run.processed >= len(rows):
            # The rows were only kept for the import: once in, the file's copy goes.
            run.status, run.finished_at, run.rows = ImportStatus.DONE, timezone.now(), ""
            audit.record("earlier.import_done", actor=run.confirmed_by, obj=run, created=run.created_count)
        run.save(
            update_fields=[
                "processed",
                "created_count",
                "pending_count",
                "refused_count",
                "status",
                "finished_at",
                "rows",
                "updated_at",
            ]
        )
        return run.status == ImportStatus.RUNNING


def run_import(run_id: int) -> None:
    while import_next_batch(run_id):
        pass


def mark_failed(run_id: int, error: str) -> None:
    ImportRun.objects.filter(pk=run_id, status__in=(ImportStatus.QUEUED, ImportStatus.RUNNING)).update(
        status=ImportStatus.FAILED, last_error=error[:100]
    )


def _reimbursement(run: ImportRun, item: Checked) -> EarlierReimbursement:
    values = item.row.values
    return EarlierReimbursement(
        body_id=run.body_id,
        officeholder_id=item.officeholder_id,
        officeholder_email=values["email"],
        officeholder_key=officeholder_key(values["email"]),
        postcode=values["postcode"],
        house_number=values["house_number"],
        addition=values["addition"],
        residence_key=residence_key(values["postcode"], values["house_number"], values["addition"]),
        reimbursed_on=date.fromisoformat(values["date"]),
        measures="\n".join(values["measures"]),
        amount_cents=values["amount_cents"],
        scheme_version=values["scheme_version"],
        source_reference=values["reference"],
        source_key=source_key(run.body_id, values["reference"]),
        import_run=run,
    )


# -- correcting and withdrawing ---------------------------------------------------------
CORRECTABLE = ("postcode", "house_number", "addition", "reimbursed_on", "measures", "amount_cents")


@transaction.atomic
def correct(reimbursement_id: int, *, by, reason: str, **changes) -> EarlierReimbursement:
    """Change what was imported wrongly; the reason is kept (encrypted) and the change audited."""
    row = EarlierReimbursement.objects.select_for_update().get(pk=reimbursement_id)
    require_import(by, row.body_id)
    if row.is_withdrawn:
        raise ImportRefused(_("A withdrawn reimbursement cannot be corrected."))
    if not reason.strip():
        raise ImportRefused(_("Give the reason for the correction."))
    changed = [name for name in CORRECTABLE if name in changes and changes[name] != getattr(row, name)]
    if not changed:
        raise ImportRefused(_("Nothing was changed."))
    for name in changed:
        setattr(row, name, changes[name])
    row.residence_key = residence_key(row.postcode, row.house_number, row.addition)
    row.save()
    Correction.objects.create(reimbursement=row, fields=changed, reason=reason.strip(), by=by)
    audit.record("earlier.corrected", actor=by, obj=row, fields=changed)
    return row


@transaction.atomic
def withdraw(reimbursement_id: int, *, by, reason: str) -> EarlierReimbursement:
    """Take a row out of every count (a wrong import); it stays on record with the reason."""
    row = EarlierReimbursement.objects.select_for_update().get(pk=reimbursement_id)
    require_import(by, row.body_id)
    if row.is_withdrawn:
        raise ImportRefused(_("This reimbursement has already been withdrawn."))
    if not reason.strip():
        raise ImportRefused(_("Give the reason for withdrawing."))
    row.withdrawn_at, row.withdrawn_by, row.withdrawn_reason = timezone.now(), by, reason.strip()
    row.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
    audit.record("earlier.withdrawn", actor=by, obj=row)
    return row


# -- matching pending rows ----------------------------------------------------------------
def link_pending(user) -> int:
    """Give an invited officeholder the rows that waited for their e-mail address in their body."""
    if user.kind != UserKind.OFFICEHOLDER or not user.body_id or not user.email:
        return 0
    with transaction.atomic():
        rows = list(
            EarlierReimbursement.objects.select_for_update().filter(
                body_id=user.body_id,
                officeholder__isnull=True,
                officeholder_key=officeholder_key(user.email),
            )
        )
        if rows:
            EarlierReimbursement.objects.filter(pk__in=[row.pk for row in rows]).update(officeholder=user)
            audit.record_many("earlier.matched", rows, actor=None, officeholder=user.pk)
    return len(rows)


# -- what the cap counts --------------------------------------------------------------------
def counted(officeholder_id: int, residence: str) -> QuerySet:
    """Version-A rows of this officeholder for this home that count towards the cap (not withdrawn)."""
    return EarlierReimbursement.objects.filter(
        officeholder_id=officeholder_id,
        residence_key=residence,
        scheme_version=SchemeVersion.BASIC_PACKAGE,
        withdrawn_at__isnull=True,
    )
