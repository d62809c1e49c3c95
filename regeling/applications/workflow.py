"""Every transition of an application, in one place (SCHEME.md §3).

A transition body only sets fields on `self`: no mail, no letters, no saves.
Services in services.py are the only callers; they check the permission,
save, record the history and queue side effects after commit.
Run `python manage.py graph_transitions applications.Application` for a diagram.
"""

from datetime import datetime

import django_fsm as fsm
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import guards, permissions
from .states import BEFORE_DECISION, OBJECTABLE, Outcome, Status


class ApplicationWorkflow(fsm.ConcurrentTransitionMixin, models.Model):
    status = fsm.FSMField(_("status"), max_length=30, choices=Status.choices, default=Status.DRAFT, protected=True)

    # Columns of the concrete model (models.Application) that the transitions below set.
    assigned_to_id: int | None
    proposed_at: datetime | None

    class Meta:
        abstract = True

    # -- applicant ---------------------------------------------------------
    @fsm.transition(
        field=status,
        source=Status.DRAFT,
        target=Status.SUBMITTED,
        conditions=[guards.is_ready_to_submit],
        permission=permissions.is_applicant,
        custom={"label": _("Submit"), "by": "applicant"},
    )
    def submit(self, *, by):
        self.submitted_at = timezone.now()
        self.received_on = timezone.localdate(self.submitted_at)

    @fsm.transition(
        field=status,
        source=list(BEFORE_DECISION),
        target=Status.WITHDRAWN,
        permission=permissions.is_applicant,
        custom={"label": _("Withdraw"), "by": "applicant"},
    )
    def withdraw(self, *, by):
        self.withdrawn_at = timezone.now()

    @fsm.transition(
        field=status,
        source=Status.INFO_REQUESTED,
        target=Status.ASSESSMENT,
        permission=permissions.is_applicant_or_handler,
        custom={"label": _("Information completed"), "by": "applicant"},
    )
    def complete_information(self, *, by):
        pass  # the service closes the open information request

    @fsm.transition(
        field=status,
        source=Status.VIEWS_REQUESTED,
        target=Status.ASSESSMENT,
        permission=permissions.is_applicant_or_handler,
        custom={"label": _("Views received"), "by": "applicant"},
    )
    def receive_views(self, *, by, views="", oral=False):
        self.views_received_at = timezone.now()
        self.views_text = views
        self.views_oral = oral

    @fsm.transition(
        field=status,
        source=list(OBJECTABLE),
        target=Status.OBJECTION_LODGED,
        permission=permissions.is_applicant_or_handler,
        custom={"label": _("Lodge an objection"), "by": "applicant"},
    )
    def lodge_objection(self, *, by):
        # The objection itself (its own procedure) is in regeling.objections; a late one is received too (6:11).
        self.objection_lodged_at = timezone.now()

    @fsm.transition(
        field=status,
        source=[Status.DECIDED, Status.OBJECTION_DECIDED],
        target=Status.SETTLEMENT_SUBMITTED,
        conditions=[guards.has_granted_amount],
        permission=permissions.is_applicant,
        custom={"label": _("Submit invoices"), "by": "applicant"},
    )
    def submit_settlement(self, *, by):
        self.settlement_submitted_at = timezone.now()

    # -- assessor ----------------------------------------------------------
    @fsm.transition(
        field=status,
        source=Status.SUBMITTED,
        target=Status.COMPLETENESS_CHECK,
        permission=permissions.can_handle,
        custom={"label": _("Start completeness check"), "by": "assessor"},
    )
    def start_completeness_check(self, *, by):
        if self.assigned_to_id is None:
            self.assigned_to = by

    @fsm.transition(
        field=status,
        source=Status.COMPLETENESS_CHECK,
        target=Status.ASSESSMENT,
        permission=permissions.can_handle,
        custom={"label": _("Complete: start assessment"), "by": "assessor"},
    )
    def start_assessment(self, *, by):
        if self.assigned_to_id is None:
            self.assigned_to = by

    @fsm.transition(
        field=status,
        source=[Status.COMPLETENESS_CHECK, Status.ASSESSMENT],
        target=Status.INFO_REQUESTED,
        conditions=[guards.has_open_request_with_deadline],
        permission=permissions.can_handle,
        custom={"label": _("Request information"), "by": "assessor"},
    )
    def request_information(self, *, by):
        pass  # the service creates the request with its mandatory deadline first

    @fsm.transition(
        field=status,
        source=Status.INFO_REQUESTED,
        target=Status.NOT_PROCESSED,
        conditions=[guards.completion_deadline_passed],
        permission=permissions.can_handle,
        custom={"label": _("Decide not to process"), "by": "assessor"},
    )
    def declare_not_processed(self, *, by, motivation):
        self.outcome = Outcome.NOT_PROCESSED
        self.motivation = motivation
        self.decided_by, self.decided_at = by, timezone.now()

    @fsm.transition(
        field=status,
        source=Status.ASSESSMENT,
        target=Status.VIEWS_REQUESTED,
        conditions=[guards.intends_refusal, guards.has_reasoning, guards.every_line_decided],
        permission=permissions.can_handle,
        custom={"label": _("Request views"), "by": "assessor"},
    )
    def request_views(self, *, by, deadline):
        self.views_requested_at = timezone.now()
        self.views_deadline = deadline

    @fsm.transition(
        field=status,
        source=Status.ASSESSMENT,
        target=Status.AWAITING_APPROVAL,
        conditions=[
            guards.has_reasoning,
            guards.every_line_decided,
            guards.views_heard_before_rejection,
            guards.needs_second_approval,
        ],
        permission=permissions.can_handle,
        custom={"label": _("Propose decision for second approval"), "by": "assessor"},
    )
    def propose_decision(self, *, by):
        self.proposed_by, self.proposed_at = by, timezone.now()

    @fsm.transition(
        field=status,
        source=Status.ASSESSMENT,
        target=Status.DECIDED,
        conditions=[
            guards.has_reasoning,
            guards.every_line_decided,
            guards.views_heard_before_rejection,
            guards.is_single_approval_enough,
        ],
        permission=permissions.can_handle,
        custom={"label": _("Decide"), "by": "assessor"},
    )
    def decide(self, *, by):
        self.proposed_by, self.proposed_at = by, timezone.now()
        self.decided_by, self.decided_at = by, timezone.now()

    @fsm.transition(
        field=status,
        source=Status.AWAITING_APPROVAL,
        target=Status.DECIDED,
        permission=permissions.can_approve,
        custom={"label": _("Approve decision"), "by": "second assessor"},
    )
    def approve(self, *, by):
        self.approved_by = by
        self.decided_by, self.decided_at = by, timezone.now()

    @fsm.transition(
        field=status,
        source=Status.AWAITING_APPROVAL,
        target=Status.ASSESSMENT,
        permission=permissions.can_approve,
        custom={"label": _("Send back"), "by": "second assessor"},
    )
    def send_back(self, *, by):
        self.proposed_by, self.proposed_at = None, None

    @fsm.transition(
        field=status,
        source=Status.OBJECTION_LODGED,
        target=fsm.RETURN_VALUE(*OBJECTABLE),
        permission=permissions.can_handle,
        custom={"label": _("Decide on objection"), "by": "assessor"},
    )
    def decide_objection(self, *, by, resume):
        """The objections app decided (with its own guards); the case goes on from `resume`."""
        self.objection_decided_at = timezone.now()
        self.objection_decided_by = by
        return resume

    @fsm.transition(
        field=status,
        source=Status.OBJECTION_LODGED,
        target=fsm.RETURN_VALUE(*OBJECTABLE),
        permission=permissions.is_applicant,
        custom={"label": _("Withdraw the objection"), "by": "applicant"},
    )
    def withdraw_objection(self, *, by, resume):
        return resume

    @fsm.transition(
        field=status,
        source=Status.SETTLEMENT_SUBMITTED,
        target=Status.SETTLEMENT_VIEWS_REQUESTED,
        conditions=[guards.intends_lower_settlement, guards.every_intended_lowering_has_reason],
        permission=permissions.can_handle,
        custom={"label": _("Request views on the settlement"), "by": "assessor"},
    )
    def request_settlement_views(self, *, by, deadline):
        self.settlement_views_requested_at = timezone.now()
        self.settlement_views_deadline = deadline
        self.settlement_views_received_at = None

    @fsm.transition(
        field=status,
        source=Status.SETTLEMENT_VIEWS_REQUESTED,
        target=Status.SETTLEMENT_SUBMITTED,
        permission=permissions.is_applicant_or_handler,
        custom={"label": _("Views on the settlement received"), "by": "applicant"},
    )
    def receive_settlement_views(self, *, by, views="", oral=False):
        self.settlement_views_received_at = timezone.now()
        self.settlement_views_text = views
        self.settlement_views_oral = oral

    @fsm.transition(
        field=status,
        source=[Status.SETTLEMENT_SUBMITTED, Status.SETTLEMENT_VIEWS_REQUESTED],
        target=Status.SETTLED,
        conditions=[
            guards.every_line_settled,
            guards.every_lowered_line_has_reason,
            guards.views_heard_before_lowering,
        ],
        permission=permissions.can_handle,
        custom={"label": _("Settle"), "by": "assessor"},
    )
    def settle(self, *, by):
        self.settled_by, self.settled_at = by, timezone.now()

    @fsm.transition(
        field=status,
        source=Status.SETTLED,
        target=Status.PAID,
        permission=permissions.can_handle,
        custom={"label": _("Mark paid"), "by": "assessor"},
    )
    def mark_paid(self, *, by):
        self.paid_at = timezone.now()

    @fsm.transition(
        field=status,
        source=[Status.PAID, Status.DECIDED, Status.NOT_PROCESSED, Status.OBJECTION_DECIDED],
        target=Status.CLOSED,
        conditions=[guards.nothing_left_to_do, guards.nothing_owed_after_objection],
        permission=permissions.can_handle,
        custom={"label": _("Close"), "by": "assessor"},
    )
    def close(self, *, by):
        self.closed_at = timezone.now()
