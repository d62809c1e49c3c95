"""Who may take a transition: plain functions of (application, user).

Four eyes and impartiality: nobody handles a case they applied for or declared
a conflict of interest on (`can_handle`, in accounts/access.py because letters
check it too), and the second assessor is never the first.
"""

from regeling.accounts.access import can_handle, is_applicant, may_see_case

__all__ = ["can_approve", "can_handle", "is_applicant", "is_applicant_or_handler"]


def can_approve(application, user) -> bool:
    """The second assessor: may handle the case and did not propose the decision."""
    return can_handle(application, user) and user.pk != application.proposed_by_id


def is_applicant_or_handler(application, user) -> bool:
    return may_see_case(application, user)
