"""The states of an application and the outcomes of a decision (SCHEME.md §3).

Stored values never change: they are in the database and in the audit log.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    COMPLETENESS_CHECK = "completeness_check", _("completeness check")
    INFO_REQUESTED = "info_requested", _("information requested")
    NOT_PROCESSED = "not_processed", _("not processed")
    ASSESSMENT = "assessment", _("in assessment")
    VIEWS_REQUESTED = "views_requested", _("views requested")
    AWAITING_APPROVAL = "awaiting_approval", _("awaiting second approval")
    DECIDED = "decided", _("decided")
    OBJECTION_LODGED = "objection_lodged", _("objection lodged")
    OBJECTION_DECIDED = "objection_decided", _("objection decided")
    SETTLEMENT_SUBMITTED = "settlement_submitted", _("invoices submitted")
    SETTLEMENT_VIEWS_REQUESTED = "settlement_views_requested", _("views on the settlement requested")
    SETTLED = "settled", _("settled")
    PAID = "paid", _("paid")
    CLOSED = "closed", _("closed")
    WITHDRAWN = "withdrawn", _("withdrawn")


# The states in which the decision clock runs or is suspended: before a decision.
BEFORE_DECISION = (
    Status.DRAFT,
    Status.SUBMITTED,
    Status.COMPLETENESS_CHECK,
    Status.INFO_REQUESTED,
    Status.ASSESSMENT,
    Status.VIEWS_REQUESTED,
    Status.AWAITING_APPROVAL,
)
OPEN_FOR_ASSESSORS = BEFORE_DECISION[1:]
# States with a decision an objection can be lodged against (regeling.objections), and where the case
# returns to afterwards. While the objection runs, its own term (Awb 7:10) is the case's due date.
# Sending invoices or closing the case does not end the right to object (Awb 6:7, 6:11).
OBJECTABLE = (
    Status.DECIDED,
    Status.NOT_PROCESSED,
    Status.OBJECTION_DECIDED,
    Status.SETTLEMENT_SUBMITTED,
    Status.SETTLEMENT_VIEWS_REQUESTED,
    Status.SETTLED,
    Status.PAID,
    Status.CLOSED,
)
ON_THE_CLOCK = (*OPEN_FOR_ASSESSORS, Status.OBJECTION_LODGED)


class Outcome(models.TextChoices):
    GRANT = "grant", _("granted")
    PARTIAL = "partial", _("partly granted")
    REFUSE = "refuse", _("refused")
    NOT_PROCESSED = "not_processed", _("not processed")


class ViewsException(models.TextChoices):
    """Why no views were asked before a (partial) refusal: each is a ground the Awb names (4:7(2), 4:11, 4:12)."""

    FACTS_FROM_APPLICANT = "4:7(1)", _("Awb 4:7(1): the refusal rests on no facts other than the applicant supplied")
    MINOR_DEVIATION = "4:7(2)", _("Awb 4:7(2): the deviation from the application is minor")
    URGENCY = "4:11(a)", _("Awb 4:11(a): the required urgency does not allow it")
    HEARD_BEFORE = "4:11(b)", _("Awb 4:11(b): views were given before and no new facts arose since")
    PURPOSE = "4:11(c)", _("Awb 4:11(c): the purpose is only reached without prior notice")
    UNDONE_ON_OBJECTION = (
        "4:12",
        _("Awb 4:12: a financial entitlement whose adverse effects an objection can fully undo"),
    )


class ObjectionOutcome(models.TextChoices):
    UNFOUNDED = "unfounded", _("objection unfounded, decision upheld")
    FOUNDED = "founded", _("objection founded, decision revised")
    INADMISSIBLE = "inadmissible", _("objection inadmissible")


# What the applicant reads on their timeline: plain words, not the assessor's jargon.
APPLICANT_LABELS = {
    Status.DRAFT: _("Not yet sent"),
    Status.SUBMITTED: _("Received, waiting to be picked up"),
    Status.COMPLETENESS_CHECK: _("We are checking that everything is there"),
    Status.INFO_REQUESTED: _("We need something more from you"),
    Status.NOT_PROCESSED: _("Not processed: the requested information did not arrive in time"),
    Status.ASSESSMENT: _("We are assessing your application"),
    Status.VIEWS_REQUESTED: _("We would like to hear your views before we decide"),
    Status.AWAITING_APPROVAL: _("We are assessing your application"),
    Status.DECIDED: _("Decided: see the decision letter"),
    Status.OBJECTION_LODGED: _("Your objection is being considered"),
    Status.OBJECTION_DECIDED: _("Decided on your objection: see the letter"),
    Status.SETTLEMENT_SUBMITTED: _("Invoices received, being checked"),
    Status.SETTLEMENT_VIEWS_REQUESTED: _("We would like to hear your views before we settle the costs"),
    Status.SETTLED: _("Costs settled, payment follows"),
    Status.PAID: _("Paid"),
    Status.CLOSED: _("Closed"),
    Status.WITHDRAWN: _("Withdrawn"),
}
