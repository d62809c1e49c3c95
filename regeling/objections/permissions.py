"""Who may act on an objection: plain functions of (objection, user).

Awb 10:3(3): nobody who took part in the contested decision handles or decides
the objection, and that includes the second approver. "Took part" is read widely
(docs/rules.md): whoever proposed, approved, decided or settled anything on the case.
"""

from django.utils.translation import gettext as _

from regeling.accounts.access import can_handle, is_applicant
from regeling.applications.models import StatusChange

# Transitions of the primary procedure that make someone part of a decision on the case.
PRIMARY_DECISION_TRANSITIONS = ("propose_decision", "decide", "approve", "declare_not_processed", "settle")


def primary_participants(application) -> set[int]:
    """Ids of everyone who proposed, approved, decided or settled on this case."""
    ids = {
        application.proposed_by_id,
        application.approved_by_id,
        application.decided_by_id,
        application.settled_by_id,
    }
    ids |= set(
        StatusChange.objects.filter(
            application_id=application.pk, transition__in=PRIMARY_DECISION_TRANSITIONS
        ).values_list("actor_id", flat=True)
    )
    return {pk for pk in ids if pk is not None}


def took_part_in_contested_decision(objection, user) -> bool:
    """Awb 10:3(3)."""
    return user.pk in primary_participants(objection.application)


def is_objector(objection, user) -> bool:
    return is_applicant(objection.application, user)


def can_handle_objection(objection, user) -> bool:
    """An assessor of the body who may handle the case and took no part in the contested decision."""
    return can_handle(objection.application, user) and not took_part_in_contested_decision(objection, user)


def can_approve_objection(objection, user) -> bool:
    """The second approver: independent as well (10:3(3)), and not the one who proposed."""
    return can_handle_objection(objection, user) and user.pk != objection.proposed_by_id


def is_objector_or_handler(objection, user) -> bool:
    return is_objector(objection, user) or can_handle_objection(objection, user)


def why_not(objection, user) -> str:
    """The reason shown when the action is not offered or a direct POST is refused."""
    application = objection.application
    if user.pk == application.applicant_id:
        return _("You cannot handle an objection to your own case.")
    if not can_handle(application, user):
        return _("You may not handle this case.")
    if took_part_in_contested_decision(objection, user):
        return _(
            "You took part in the contested decision, so you may not handle or decide the objection "
            "(Awb 10:3(3)). Another assessor must do this."
        )
    if user.pk == objection.proposed_by_id:
        return _("You proposed this decision on the objection; another assessor must approve it.")
    return _("You may not take this step.")
