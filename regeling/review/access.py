"""Tenant isolation: an assessor only ever finds cases of their own body.

Anything else is a 404, the same as an id that does not exist, and the attempt
is written to the audit log.
"""

from regeling.accounts.access import deny, require_assessor
from regeling.accounts.models import User, UserKind
from regeling.applications.models import Application
from regeling.applications.states import Status
from regeling.audit import log as audit


def body_cases(user):
    """Every submitted case of the assessor's own body."""
    require_assessor(user)
    return Application.objects.filter(body_id=user.body_id).exclude(status=Status.DRAFT)


def body_case_or_404(request, public_id) -> Application:
    try:
        return body_cases(request.user).select_related("applicant", "body").get(public_id=public_id)
    except Application.DoesNotExist as exc:
        raise deny(request, "case.not_found", public_id=str(public_id)) from exc


def log_foreign_reference_search(request, reference: str) -> None:
    """A search that found nothing here but matches another body's case is logged as an attempt."""
    foreign = Application.objects.filter(reference__contains=reference).exclude(body_id=request.user.body_id)
    if reference and foreign.exists():
        audit.record("case.search_foreign", request=request, result="denied", reference=reference)


def body_assessors(user):
    """The active assessors and coordinators of the user's body: whom a coordinator may assign."""
    return User.objects.filter(
        body_id=user.body_id, kind__in=(UserKind.ASSESSOR, UserKind.COORDINATOR), is_active=True
    ).order_by("last_name", "pk")
