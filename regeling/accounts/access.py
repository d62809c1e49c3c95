"""Who may see or handle what: checks of a user against a case's body, used by every app.

A case here is anything with `body_id`, `applicant_id` and `conflicts`
(an application); the checks read only those, so apps below applications (letters,
budgets) can use them too. Four eyes and impartiality: nobody handles a case they
applied for or declared a conflict of interest on.

A look outside the user's own body is a 404, the same as an id that does not
exist, and the attempt is written to the audit log (`deny`).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from regeling.audit import log as audit


def is_applicant(case, user) -> bool:
    return user.is_authenticated and user.pk == case.applicant_id


def can_handle(case, user) -> bool:
    """An assessor of the case's own body who is neither the applicant nor conflicted."""
    return (
        user.is_authenticated
        and user.is_assessor
        and user.body_id == case.body_id
        and user.pk != case.applicant_id
        # Reads prefetched conflicts when the case file loaded them (one query fewer per check).
        and not any(conflict.assessor_id == user.pk for conflict in case.conflicts.all())
    )


def may_see_case(case, user) -> bool:
    """The one access rule for everything about one case: the case file, its documents, its
    letters (PDF and HTML), notes, exports and batches that hold it. Its applicant, or an
    assessor of its body who may handle it: never one who declared a conflict of interest."""
    return is_applicant(case, user) or can_handle(case, user)


def require_assessor(user) -> None:
    if not user.is_assessor:
        raise PermissionDenied(_("This page is for assessors of an employer body."))


def deny(request, action: str, **detail) -> Http404:
    """Log a look outside the user's body (aggregated against floods); the caller raises the returned 404."""
    audit.record_denied(action, request=request, **detail)
    return Http404()
