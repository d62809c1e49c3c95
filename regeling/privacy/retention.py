"""Retention: closed and withdrawn cases lose their personal data after RETENTION_DAYS.

A case is pseudonymised, not deleted: its row, amounts, dates, status history,
budget commitment and payment item stay (the figures and the audit trail need
them), but every field that describes the person or the home is emptied, its
documents and letter PDFs are deleted from storage, its internal notes are
removed, and payment files that name only such cases are emptied. The residence
key (a keyed hash) stays so the per-residence cap still counts.

`apply_retention(dry_run=True)` lists what would happen and changes nothing.
Run daily by beat (worker.tasks.apply_retention) and by `manage.py apply_retention`.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from regeling.applications.models import Application, Document, InformationRequest, MeasureLine
from regeling.applications.states import Status
from regeling.audit import log as audit
from regeling.letters import files as letter_files
from regeling.letters.models import Letter
from regeling.objections.models import Objection, ObjectionGround, RevisedLine
from regeling.payments.models import PaymentBatch
from regeling.review.models import InternalNote

log = logging.getLogger(__name__)

# Everything on the case row that says something about the person, the home or the measures.
PERSONAL_FIELDS = (
    "address_line",
    "postcode",
    "city",
    "iban",
    "account_holder",
    "advice_contents",
    "advice_reference",
    "pkvw_certificate_number",
    "scheme_version_reason",
    "extension_reason",
    "views_text",
    "views_not_needed_reason",
    "motivation",
    "advice_deviation",
    "conditions",
    "objection_reasons",
    "objection_motivation",
)
# The same for the objection (regeling.objections): what the objector and the handler wrote.
OBJECTION_PERSONAL_FIELDS = (
    "grounds_text",
    "late_reason",
    "repair_message",
    "advice",
    "advice_departure",
    "hearing_place",
    "hearing_report",
    "hearing_skip_note",
    "extension_reason",
    "motivation",
    "peius_ground",
)


@dataclass
class CaseRetention:
    public_id: str
    documents: int
    letters: int
    notes: int


@dataclass
class RetentionReport:
    cutoff: object
    dry_run: bool
    cases: list[CaseRetention] = field(default_factory=list)
    payment_batches: int = 0


def cutoff():
    return timezone.now() - timedelta(days=settings.RETENTION_DAYS)


def due_cases(before):
    """Closed or withdrawn before `before`, with personal data or files still held."""
    ended = Q(status=Status.CLOSED, closed_at__lt=before) | Q(status=Status.WITHDRAWN, withdrawn_at__lt=before)
    still_held = ~Q(address_line="") | ~Q(iban="") | ~Q(account_holder="") | Q(documents__isnull=False)
    still_held |= Q(letters__pdf__gt="")
    return Application.objects.filter(ended).filter(still_held).distinct().order_by("pk")


def _notes(application):
    return InternalNote.objects.filter(application=application)


def pseudonymise(application: Application) -> CaseRetention:
    """Empty the personal fields, delete files and notes; the case row and its figures stay."""
    documents = list(Document.objects.filter(application=application))
    letters = list(Letter.objects.filter(application=application).exclude(pdf=""))
    notes = _notes(application)
    summary = CaseRetention(str(application.public_id), len(documents), len(letters), notes.count())
    files = [d.file for d in documents if d.file] + [letter.pdf for letter in letters]
    with transaction.atomic():
        Application.objects.filter(pk=application.pk).update(**dict.fromkeys(PERSONAL_FIELDS, ""))
        MeasureLine.objects.filter(application=application).update(description="")
        InformationRequest.objects.filter(application=application).update(message="", answer="")
        Objection.objects.filter(application=application).update(**dict.fromkeys(OBJECTION_PERSONAL_FIELDS, ""))
        ObjectionGround.objects.filter(objection__application=application).update(summary="", answer="")
        RevisedLine.objects.filter(objection__application=application).update(motivation="")
        Document.objects.filter(pk__in=[d.pk for d in documents]).delete()
        # Issued letters are immutable through the model; the retention rule is the one exception.
        Letter.objects.filter(pk__in=[letter.pk for letter in letters]).update(pdf="")
        # The frozen letter data names the addressee and the home: it goes with the PDFs.
        Letter.objects.filter(application=application).exclude(snapshot="").update(snapshot="")
        notes.delete()
        audit.record(
            "retention.pseudonymise",
            obj=application,
            documents=summary.documents,
            letters=summary.letters,
            notes=summary.notes,
        )
        # Files go only once the rows are gone for good.
        transaction.on_commit(lambda: _delete_files(files))
    return summary


def _delete_files(files) -> None:
    for stored in files:
        try:
            stored.storage.delete(stored.name)
            # A letter whose rename a crash interrupted is still under its temporary name.
            stored.storage.delete(stored.name + letter_files.PART)
        except OSError:
            # Logged by id only; the next run cannot see it any more, so an operator must.
            log.error("retention: could not delete a stored file (%s)", stored.name)


def _due_payment_batches(before):
    """Batches whose every case is past retention: their SEPA file and CSV name people."""
    ended = Q(status=Status.CLOSED, closed_at__lt=before) | Q(status=Status.WITHDRAWN, withdrawn_at__lt=before)
    active = Application.objects.exclude(ended)
    return list(
        PaymentBatch.objects.exclude(sepa_xml="")
        .exclude(items__application__in=active)
        .filter(items__isnull=False)
        .distinct()
    )


def apply_retention(*, dry_run: bool = False) -> RetentionReport:
    before = cutoff()
    report = RetentionReport(cutoff=before, dry_run=dry_run)
    for application in due_cases(before):
        if dry_run:
            notes = _notes(application)
            documents, letters = application.documents.count(), application.letters.exclude(pdf="").count()
            report.cases.append(CaseRetention(str(application.public_id), documents, letters, notes.count()))
        else:
            report.cases.append(pseudonymise(application))
    batches = _due_payment_batches(before)
    report.payment_batches = len(batches)
    if not dry_run and batches:
        with transaction.atomic():
            PaymentBatch.objects.filter(pk__in=[b.pk for b in batches]).update(sepa_xml="", finance_csv="")
            for batch in batches:
                audit.record("retention.payment_files", obj=batch)
    return report
