"""Who works on a case: taking it, a coordinator assigning it, and declaring a conflict of interest.

These change no state of the workflow, only `assigned_to` and the conflict list;
each runs in one transaction and is audited.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from regeling.accounts.access import can_handle, may_see_case
from regeling.applications.models import Application, ConflictOfInterest
from regeling.applications.states import Status
from regeling.audit import log as audit
from regeling.core.conflicts import retry_on_conflict
from regeling.core.exceptions import TransitionRefused

from .models import InternalNote

FINISHED = (Status.CLOSED, Status.WITHDRAWN)


def _assign(application: Application, assessor, *, by) -> Application:
    if application.status in FINISHED:
        raise TransitionRefused(_("This case is finished; it cannot be assigned."))
    if not can_handle(application, assessor):
        raise TransitionRefused(_("This assessor cannot handle this case (conflict of interest or other body)."))
    application.assigned_to = assessor
    application.save(update_fields=["assigned_to", "updated_at"])
    audit.record("application.assign", actor=by, obj=application, assessor=assessor.pk)
    return application


@retry_on_conflict
@transaction.atomic
def take_case(application_id: int, *, by) -> Application:
    """The assessor takes the case on themselves."""
    application = Application.locked(application_id)
    if not can_handle(application, by):
        raise PermissionDenied
    return _assign(application, by, by=by)


@retry_on_conflict
@transaction.atomic
def assign_case(application_id: int, *, by, assessor) -> Application:
    """A coordinator of the same body assigns the case to an assessor of that body."""
    application = Application.locked(application_id)
    if not (by.is_coordinator and by.body_id == application.body_id):
        raise PermissionDenied
    return _assign(application, assessor, by=by)


@retry_on_conflict
@transaction.atomic
def declare_conflict(application_id: int, *, by, reason: str) -> Application:
    """Record the conflict; the assessor is excluded from the case from now on (and unassigned)."""
    application = Application.locked(application_id)
    if not can_handle(application, by):
        raise PermissionDenied
    ConflictOfInterest.objects.create(application=application, assessor=by, reason=reason)
    if application.assigned_to_id == by.pk:
        application.assigned_to = None
        application.save(update_fields=["assigned_to", "updated_at"])
    audit.record("application.declare_conflict", actor=by, obj=application)
    return application


@retry_on_conflict
@transaction.atomic
def add_note(application_id: int, *, by, text: str):
    application = Application.locked(application_id)
    if not can_handle(application, by):
        raise PermissionDenied
    if not text.strip():
        raise TransitionRefused(_("Write the note."))
    note = InternalNote.objects.create(application=application, author=by, text=text)
    audit.record("application.add_note", actor=by, obj=application)
    return note


@dataclass(frozen=True)
class BulkAssignment:
    """What a bulk assignment did: the references assigned, and those skipped with the reason."""

    assessor: object
    assigned: list[str]
    skipped: list[tuple[str, str]]


@retry_on_conflict
@transaction.atomic
def assign_cases(application_ids: list[int], *, by, assessor) -> BulkAssignment:
    """Assign several cases of the body at once, each audited as its own `application.assign`.

    Who works on a case is no decision, so four eyes are not needed. A coordinator assigns to
    any assessor of the body; an assessor only to themselves (taking the cases). The rules of
    a single assignment hold for each case: a case the user may not see (a conflict they
    declared), a finished one or one the chosen assessor may not handle (their conflict, their
    own application) is skipped, named with the reason; the others are assigned together.
    """
    if not by.is_assessor or not (by.is_coordinator or assessor.pk == by.pk):
        raise PermissionDenied
    if not (assessor.is_active and assessor.is_assessor and assessor.body_id == by.body_id):
        raise PermissionDenied
    cases = (
        Application.objects.select_for_update(of=("self",))
        .filter(pk__in=application_ids, body_id=by.body_id)
        .exclude(status=Status.DRAFT)
        .prefetch_related("conflicts")
        .order_by("pk")  # locked in one order, so two bulk assignments never deadlock
    )
    assigned, skipped = [], []
    for application in cases:
        if not may_see_case(application, by):
            skipped.append((application.reference, _("you declared a conflict of interest")))
            continue
        try:
            _assign(application, assessor, by=by)
        except TransitionRefused as refusal:
            skipped.append((application.reference, str(refusal)))
            continue
        assigned.append(application.reference)
    audit.record("worklist.bulk_assign", actor=by, assessor=assessor.pk, assigned=len(assigned), skipped=len(skipped))
    return BulkAssignment(assessor, assigned, skipped)
