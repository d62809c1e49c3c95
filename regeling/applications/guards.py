"""Conditions on transitions: facts about the case, named as facts.

Each takes the application and returns a bool; django-fsm refuses the
transition when one is false. `explain` in services.py turns them into text.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from regeling.schemes import rules

from .states import Outcome, Status


def is_ready_to_submit(application) -> bool:
    """Declared true and complete, with at least one measure and an account to pay to."""
    lines = list(application.lines.all())
    return bool(
        application.declared_at
        and lines
        and all(line.requested_cents > 0 for line in lines)
        and application.address_line
        and application.iban
    )


def has_open_request_with_deadline(application) -> bool:
    """Awb 4:5(1): no refusal to process without first giving a deadline to complete."""
    return application.information_requests.filter(completed_on__isnull=True, deadline__isnull=False).exists()


def completion_deadline_passed(application) -> bool:
    """Awb 4:5: not processing is only possible once the deadline to complete has passed unused."""
    request = application.open_information_request
    return request is not None and request.deadline < timezone.localdate()


def has_reasoning(application) -> bool:
    """Awb 3:46: a decision rests on sound reasoning, stated in the letter."""
    return bool(application.motivation.strip()) and application.outcome in (
        Outcome.GRANT,
        Outcome.PARTIAL,
        Outcome.REFUSE,
    )


def every_line_decided(application) -> bool:
    """Each measure has a granted amount, and a reason where it is less than requested."""
    lines = list(application.lines.all())
    return bool(lines) and all(
        line.granted_cents is not None
        and 0 <= line.granted_cents <= line.requested_cents
        and (line.granted_cents == line.requested_cents or line.reason_code)
        for line in lines
    )


def views_heard_before_rejection(application) -> bool:
    """Awb 4:7: before a (partial) refusal on facts that differ from the applicant's, hear their views.

    Met when nothing is refused, when views were heard (or their deadline passed),
    or when the assessor recorded the ground of 4:7(2), 4:11 or 4:12 that applies and why.
    """
    if application.outcome not in (Outcome.PARTIAL, Outcome.REFUSE):
        return True
    if application.views_exception and application.views_not_needed_reason.strip():
        return True
    if application.views_requested_at is None:
        return False
    return application.views_received_at is not None or (
        application.views_deadline is not None and application.views_deadline < timezone.localdate()
    )


def intends_refusal(application) -> bool:
    """Awb 4:7, 4:8: views are asked about an intended (partial) refusal, stated with its grounds."""
    return application.outcome in (Outcome.PARTIAL, Outcome.REFUSE)


def needs_second_approval(application) -> bool:
    """Four eyes: every (partial) refusal, and every grant above the configured amount."""
    return (
        application.outcome in (Outcome.PARTIAL, Outcome.REFUSE)
        or application.granted_total_cents > settings.SECOND_APPROVAL_ABOVE_CENTS
    )


def is_single_approval_enough(application) -> bool:
    """A full grant up to the configured amount: one assessor decides."""
    return not needs_second_approval(application)


def has_granted_amount(application) -> bool:
    """Only a (partial) grant has something to settle."""
    return application.outcome in (Outcome.GRANT, Outcome.PARTIAL) and application.granted_total_cents > 0


def every_line_settled(application) -> bool:
    """Each granted line has a final amount, never above what was granted."""
    granted = [line for line in application.lines.all() if line.granted_cents]
    return bool(granted) and all(
        line.settled_cents is not None and 0 <= line.settled_cents <= line.granted_cents for line in granted
    )


def _lowered_lines(application, field: str) -> list:
    """Granted lines whose amount in `field` lies below the invoice and the grant (rules.settles_below_invoice)."""
    return [
        line
        for line in application.lines.all()
        if line.granted_cents
        and getattr(line, field) is not None
        and rules.settles_below_invoice(
            granted_cents=line.granted_cents, invoiced_cents=line.invoiced_cents, settled_cents=getattr(line, field)
        )
    ]


def intends_lower_settlement(application) -> bool:
    """Awb 4:8: views are asked about an intended settlement that lowers a granted line below its invoice."""
    return bool(_lowered_lines(application, "intended_settled_cents"))


def every_intended_lowering_has_reason(application) -> bool:
    """Awb 3:46, 4:8: the announcement states, per line to be settled below its invoice, the reason."""
    return all(line.settlement_reason.strip() for line in _lowered_lines(application, "intended_settled_cents"))


def every_lowered_line_has_reason(application) -> bool:
    """Awb 3:46: a line settled below its invoice states its own reason."""
    return all(line.settlement_reason.strip() for line in _lowered_lines(application, "settled_cents"))


def views_heard_before_lowering(application) -> bool:
    """Awb 4:8: before a settlement lowers a granted line below its invoice, the officeholder was told the
    intended amount with its reason and could give views: received, or the deadline passed. A final
    amount below the one announced needs a new announcement."""
    lowered = _lowered_lines(application, "settled_cents")
    if not lowered:
        return True
    if application.settlement_views_requested_at is None:
        return False
    heard = application.settlement_views_received_at is not None or (
        application.settlement_views_deadline is not None
        and application.settlement_views_deadline < timezone.localdate()
    )
    return heard and all(
        line.intended_settled_cents is not None and line.settled_cents >= line.intended_settled_cents
        for line in lowered
    )


def nothing_left_to_do(application) -> bool:
    """Paid, or nothing to pay and the objection term is over."""
    if application.status == Status.PAID:
        return True
    if has_granted_amount(application) and application.status != Status.NOT_PROCESSED:
        return False
    ends = application.objection_term_ends
    return ends is not None and timezone.localdate() > ends


def nothing_owed_after_objection(application) -> bool:
    """What a decision on objection added on top (a supplement, the costs of legal help, Awb 7:15) is
    paid before the case is closed: a closed case drops out of every queue, the debt would be forgotten
    (Awb 4:87: pay within six weeks). The objections live above this app; their payments are read
    through the relation only."""
    return not application.objections.filter(payments__isnull=False, payments__paid_at=None).exists()


def explain(condition) -> str:
    """Why a transition is refused, in words for the person who tried it."""
    messages = {
        is_ready_to_submit: _("The application is not complete yet: check every step and the declaration."),
        has_open_request_with_deadline: _("A request for information needs a deadline."),
        completion_deadline_passed: _("The deadline for the requested information has not passed yet."),
        has_reasoning: _("Write the motivation for the decision."),
        nothing_owed_after_objection: _(
            "A payment after objection (a supplement or the costs of legal help) is not paid yet: "
            "put it in a payment batch first."
        ),
        every_line_decided: _("Decide on every measure, with a reason where less is granted than requested."),
        views_heard_before_rejection: _(
            "Before a (partial) refusal, ask the applicant's views (Awb 4:7) or record the ground "
            "(4:7(2), 4:11, 4:12) and why it applies."
        ),
        intends_refusal: _("Views are asked before a (partial) refusal: choose that outcome."),
        needs_second_approval: _("This decision does not need a second assessor."),
        is_single_approval_enough: _("This decision needs a second assessor."),
        has_granted_amount: _("Nothing was granted, so there is nothing to settle."),
        every_line_settled: _("Settle every granted measure, never above the granted amount."),
        intends_lower_settlement: _(
            "Views are asked before a settlement below the invoice: set at least one measure below its invoice."
        ),
        every_intended_lowering_has_reason: _(
            "Give the reason for every measure you intend to settle below its invoice (Awb 3:46)."
        ),
        every_lowered_line_has_reason: _("Give the reason for every measure settled below its invoice (Awb 3:46)."),
        views_heard_before_lowering: _(
            "A settlement below the invoice lowers the grant: first ask the officeholder's views on the intended "
            "amounts (Awb 4:8), and settle no lower than announced."
        ),
        nothing_left_to_do: _("The case cannot be closed yet: payment or the objection term is still open."),
    }
    return str(messages.get(condition, _("A condition for this step is not met.")))
