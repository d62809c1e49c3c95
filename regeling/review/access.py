"""Tenant isolation: an assessor only ever finds cases of their own body."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from regeling.applications.models import Application
from regeling.applications.states import Status
from regeling.audit import log as audit


def require_assessor(user) -> None:
    if not user.is_assessor:
        raise PermissionDenied


def body_cases(user):
    """Every submitted case of the assessor's own body."""
    require_assessor(user)
    return Application.objects.filter(organisation_id=user.organisation_id).exclude(status=Status.DRAFT)


def body_case_or_404(request, public_id) -> Application:
    try:
        return body_cases(request.user).select_related("applicant", "organisation").get(public_id=public_id)
    except Application.DoesNotExist as exc:
        audit.record("case.not_found", request=request, result="denied", public_id=str(public_id))
        raise Http404 from exc
