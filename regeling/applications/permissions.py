"""Who may take a transition: plain functions of (application, user).

Four eyes and impartiality: nobody handles a case they applied for or declared
a conflict of interest on, and the second assessor is never the first.
"""


def is_applicant(application, user) -> bool:
    return user.is_authenticated and user.pk == application.applicant_id


def can_handle(application, user) -> bool:
    """An assessor of the case's own body who is neither the applicant nor conflicted."""
    return (
        user.is_authenticated
        and user.is_assessor
        and user.organisation_id == application.organisation_id
        and user.pk != application.applicant_id
        # Reads prefetched conflicts when the case file loaded them (one query fewer per check).
        and not any(conflict.assessor_id == user.pk for conflict in application.conflicts.all())
    )


def can_approve(application, user) -> bool:
    """The second assessor: may handle the case and did not propose the decision."""
    return can_handle(application, user) and user.pk != application.proposed_by_id


def is_applicant_or_handler(application, user) -> bool:
    return is_applicant(application, user) or can_handle(application, user)
