"""Every transition of an objection, in one place (Awb 6:6, 7:2-7:13).

A transition body only sets fields on `self`: no letters, no saves, no amounts.
services.py is the only caller; it checks the permission, saves, records the
history, applies a decision to the case and queues letters after commit.
Run `python manage.py graph_transitions objections.Objection` for a diagram.
"""

import django_fsm as fsm
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import guards, permissions
from .states import OPEN, ObjectionStatus


class ObjectionWorkflow(fsm.ConcurrentTransitionMixin, models.Model):
    status = fsm.FSMField(
        _("status"), max_length=30, choices=ObjectionStatus.choices, default=ObjectionStatus.RECEIVED, protected=True
    )

    class Meta:
        abstract = True

    # -- objector ------------------------------------------------------------
    @fsm.transition(
        field=status,
        source=list(OPEN),
        target=ObjectionStatus.WITHDRAWN,
        permission=permissions.is_objector,
        custom={"label": _("Withdraw the objection"), "by": "objector"},
    )
    def withdraw(self, *, by):
        self.withdrawn_at = timezone.now()

    @fsm.transition(
        field=status,
        source=ObjectionStatus.REPAIR_REQUESTED,
        target=ObjectionStatus.RECEIVED,
        permission=permissions.is_objector_or_handler,
        custom={"label": _("Defect repaired"), "by": "objector"},
    )
    def complete_repair(self, *, by):
        self.repaired_on = timezone.localdate()

    # -- independent handler (10:3(3)) -----------------------------------------
    @fsm.transition(
        field=status,
        source=ObjectionStatus.RECEIVED,
        target=ObjectionStatus.REPAIR_REQUESTED,
        permission=permissions.can_handle_objection,
        custom={"label": _("Ask to repair a defect (Awb 6:6)"), "by": "handler"},
    )
    def request_repair(self, *, by, message, deadline):
        self.handler = self.handler or by
        self.repair_message, self.repair_deadline = message, deadline
        self.repair_requested_on, self.repaired_on = timezone.localdate(), None

    @fsm.transition(
        field=status,
        source=[ObjectionStatus.RECEIVED, ObjectionStatus.IN_CONSIDERATION],
        target=ObjectionStatus.HEARING_SCHEDULED,
        permission=permissions.can_handle_objection,
        custom={"label": _("Invite to a hearing (Awb 7:2)"), "by": "handler"},
    )
    def invite_to_hearing(self, *, by, at, place, by_video):
        self.handler = self.handler or by
        self.hearing_at, self.hearing_place, self.hearing_by_video = at, place, by_video
        self.hearing_invited_on = timezone.localdate()

    @fsm.transition(
        field=status,
        source=ObjectionStatus.HEARING_SCHEDULED,
        target=ObjectionStatus.IN_CONSIDERATION,
        permission=permissions.can_handle_objection,
        custom={"label": _("Record the hearing report"), "by": "handler"},
    )
    def record_hearing(self, *, by, report):
        self.hearing_report = report
        self.hearing_held_on = timezone.localdate()

    @fsm.transition(
        field=status,
        source=[ObjectionStatus.RECEIVED, ObjectionStatus.REPAIR_REQUESTED, ObjectionStatus.HEARING_SCHEDULED],
        target=ObjectionStatus.IN_CONSIDERATION,
        permission=permissions.can_handle_objection,
        custom={"label": _("Leave out the hearing (Awb 7:3)"), "by": "handler"},
    )
    def skip_hearing(self, *, by, ground, note):
        self.handler = self.handler or by
        self.hearing_skip_reason, self.hearing_skip_note = ground, note

    @fsm.transition(
        field=status,
        source=ObjectionStatus.IN_CONSIDERATION,
        target=ObjectionStatus.AWAITING_APPROVAL,
        conditions=[*guards.DECISION_CONDITIONS, guards.needs_second_approval],
        permission=permissions.can_handle_objection,
        custom={"label": _("Propose the decision on objection for second approval"), "by": "handler"},
    )
    def propose_decision(self, *, by):
        self.proposed_by, self.proposed_at = by, timezone.now()

    @fsm.transition(
        field=status,
        source=ObjectionStatus.IN_CONSIDERATION,
        target=ObjectionStatus.DECIDED,
        conditions=[*guards.DECISION_CONDITIONS, guards.is_single_approval_enough],
        permission=permissions.can_handle_objection,
        custom={"label": _("Decide on the objection"), "by": "handler"},
    )
    def decide(self, *, by):
        self.proposed_by, self.proposed_at = by, timezone.now()
        self.decided_by, self.decided_at = by, timezone.now()

    # -- independent second approver ---------------------------------------------
    @fsm.transition(
        field=status,
        source=ObjectionStatus.AWAITING_APPROVAL,
        target=ObjectionStatus.DECIDED,
        conditions=list(guards.DECISION_CONDITIONS),
        permission=permissions.can_approve_objection,
        custom={"label": _("Approve the decision on objection"), "by": "second approver"},
    )
    def approve(self, *, by):
        self.approved_by = by
        self.decided_by, self.decided_at = by, timezone.now()

    @fsm.transition(
        field=status,
        source=ObjectionStatus.AWAITING_APPROVAL,
        target=ObjectionStatus.IN_CONSIDERATION,
        permission=permissions.can_approve_objection,
        custom={"label": _("Send the decision on objection back"), "by": "second approver"},
    )
    def send_back(self, *, by):
        self.proposed_by, self.proposed_at = None, None
