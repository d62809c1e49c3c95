"""What the case file shows: the case with everything it needs in a fixed number of
queries, and the actions an assessor may take now (or why not)."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regeling.applications import guards, permissions
from regeling.applications.findings import findings_for
from regeling.applications.models import InformationRequest, StatusChange
from regeling.applications.states import BEFORE_DECISION, OPEN_FOR_ASSESSORS
from regeling.core import transitions
from regeling.schemes.rules import FindingStatus
from regeling.schemes.versions import SchemeVersion

from .models import InternalNote

# Transitions an assessor takes from the case file, in the order they are offered.
# `decide` and `propose_decision` share one form: the service picks the right one.
# An objection has its own panel and actions (objection_actions.py).
TRANSITIONS = (
    "start_completeness_check",
    "start_assessment",
    "request_information",
    "complete_information",
    "declare_not_processed",
    "request_views",
    "receive_views",
    "decide",
    "approve",
    "send_back",
    "request_settlement_views",
    "receive_settlement_views",
    "settle",
    "mark_paid",
    "close",
)
# Their conditions are facts the action's own form supplies, so they are not checked beforehand.
FORM_SUPPLIES_FACTS = {
    "request_information",
    "request_views",
    "decide",
    "propose_decision",
    "settle",
    "request_settlement_views",
}


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    allowed: bool
    reason: str = ""


def load_case(cases, public_id):
    """The case with its lines, documents, history, notes, requests and letters prefetched."""
    return (
        cases.select_related("applicant", "body", "assigned_to", "proposed_by")
        .prefetch_related(
            "lines",
            "documents",
            Prefetch("information_requests", queryset=InformationRequest.objects.prefetch_related("documents")),
            "letters",
            "conflicts",
            Prefetch("history", queryset=StatusChange.objects.select_related("actor")),
            Prefetch("internal_notes", queryset=InternalNote.objects.select_related("author")),
        )
        .get(public_id=public_id)
    )


def mark_answers_read(application) -> None:
    """The assessor has seen the applicant's answers: the work list's "new answer" marker goes.
    The case file's own (prefetched) requests tell whether there is any: most visits send no UPDATE."""
    if any(
        request.completed_on and request.answer_read_at is None for request in application.information_requests.all()
    ):
        application.information_requests.filter(completed_on__isnull=False, answer_read_at__isnull=True).update(
            answer_read_at=timezone.now()
        )


def new_answers(application) -> set[int]:
    """The information requests whose answer the applicant sent and no assessor has opened yet."""
    return {
        request.pk
        for request in application.information_requests.all()
        if request.answered_by_applicant and request.answer_read_at is None
    }


def why_not_permitted(application, user, name: str) -> str:
    if user.pk == application.applicant_id:
        return _("You cannot handle your own application.")
    if any(conflict.assessor_id == user.pk for conflict in application.conflicts.all()):
        return _("You declared a conflict of interest on this case.")
    if name in ("approve", "send_back") and user.pk == application.proposed_by_id:
        return _("You proposed this decision; another assessor must approve it.")
    return _("You may not take this step.")


def _transition_action(application, user, name: str) -> Action | None:
    method = getattr(application, name)
    if transitions.offered(method) is None:
        return None
    label = transitions.label(method)
    if name == "decide":
        label = _("Decide")
    if not transitions.is_permitted(method, user):
        return Action(name, label, False, why_not_permitted(application, user, name))
    if name not in FORM_SUPPLIES_FACTS:
        unmet = transitions.unmet_conditions(method)
        if unmet:
            return Action(name, label, False, " ".join(guards.explain(condition) for condition in unmet))
    return Action(name, label, True)


def available_actions(application, user) -> list[Action]:
    """Every step the case's state offers: allowed ones as forms, the others with the reason why not."""
    actions = [action for name in TRANSITIONS if (action := _transition_action(application, user, name))]
    handles = permissions.can_handle(application, user)
    reason = "" if handles else why_not_permitted(application, user, "")
    if application.status in BEFORE_DECISION:
        actions.append(Action("announce_extension", _("Announce an extension"), handles, reason))
    if application.status in OPEN_FOR_ASSESSORS:
        actions.append(Action("record_default_notice", _("Record a notice of default"), handles, reason))
    if application.status in OPEN_FOR_ASSESSORS and application.scheme_version == SchemeVersion.TAILORED_ADVICE:
        # Regeling 2.9(3): the advice decides; the assessor records its measures to link the requested ones.
        actions.append(Action("record_advice", _("Record the adopted advice"), handles, reason))
    return actions


# Labels for the page's language at request time (the rule module's own labels are fixed at import).
FINDING_LABELS = {
    FindingStatus.MET: gettext_lazy("met"),
    FindingStatus.NOT_MET: gettext_lazy("not met"),
    FindingStatus.NEEDS_ASSESSOR: gettext_lazy("needs your judgement"),
}


@dataclass(frozen=True)
class FindingRow:
    text: str
    status: str
    label: str
    article: str
    line: int | None


def findings(application) -> list[FindingRow]:
    """The rule findings for the assessor: met / not met / needs judgement, each with its article."""
    return [
        FindingRow(
            finding.assessor_text,
            finding.status,
            str(FINDING_LABELS.get(finding.status, finding.status)),
            finding.article,
            finding.line,
        )
        for finding in findings_for(application).findings
    ]


def mask_iban(iban: str) -> str:
    """Country code and the last four characters; the rest only after an explicit, audited reveal."""
    compact = iban.replace(" ", "")
    if len(compact) <= 8:
        return "•" * len(compact)
    return f"{compact[:2]}•• •••• •••• {compact[-4:]}"
