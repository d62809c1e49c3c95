"""Conditions on objection transitions: facts about the objection, named as facts, each citing its article.

`explain` turns an unmet condition into words for the person who tried.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .states import FOUNDED_OUTCOMES, HearingSkip, ObjectionOutcome


def repair_deadline_passed(objection) -> bool:
    """Awb 6:6: inadmissible for a defect only after the deadline to repair it passed unused."""
    return objection.repair_deadline is not None and objection.repair_deadline < timezone.localdate()


def heard_or_hearing_skipped(objection) -> bool:
    """Awb 7:2, 7:3: no decision without a hearing report or a recorded ground to skip it."""
    return bool(objection.hearing_report.strip() or (objection.hearing_skip_reason and objection.hearing_skip_note))


def hearing_skip_fits_outcome(objection) -> bool:
    """Awb 7:3: the ground for skipping the hearing must be true of the decision taken."""
    required = {
        HearingSkip.CLEARLY_INADMISSIBLE: (ObjectionOutcome.INADMISSIBLE,),
        HearingSkip.CLEARLY_UNFOUNDED: (ObjectionOutcome.UNFOUNDED,),
        HearingSkip.FULLY_GRANTED: (ObjectionOutcome.FOUNDED,),
    }.get(objection.hearing_skip_reason)
    return objection.hearing_report.strip() != "" or required is None or objection.outcome in required


def has_reasoning(objection) -> bool:
    """Awb 7:12(1): the decision on objection rests on reasons stated with it."""
    return bool(objection.outcome and objection.motivation.strip())


def every_ground_answered(objection) -> bool:
    """Awb 7:11, 7:12: every ground of objection is summarised and answered (not needed when inadmissible)."""
    if objection.outcome == ObjectionOutcome.INADMISSIBLE:
        return True
    grounds = list(objection.grounds.all())
    return bool(grounds) and all(ground.summary.strip() and ground.answer.strip() for ground in grounds)


def lateness_judged(objection) -> bool:
    """Awb 6:11: a late objection is inadmissible unless the lateness is excusable; the handler records which."""
    if not objection.is_late:
        return True
    if objection.late_excusable is None or not objection.late_reason.strip():
        return False
    return objection.late_excusable or objection.outcome == ObjectionOutcome.INADMISSIBLE


def inadmissibility_has_ground(objection) -> bool:
    """Awb 6:6, 6:11: inadmissible only for unexcused lateness or a defect not repaired in time."""
    if objection.outcome != ObjectionOutcome.INADMISSIBLE:
        return True
    unexcused = objection.is_late and objection.late_excusable is False
    unrepaired = (
        objection.repair_deadline is not None and objection.repaired_on is None and repair_deadline_passed(objection)
    )
    return unexcused or unrepaired


def no_worsening_without_ground(objection) -> bool:
    """Reformatio in peius: no line below the contested amount unless a specific legal ground is recorded."""
    if objection.peius_ground.strip():
        return True
    return all(line.revised_cents >= line.contested_cents for line in objection.revised_lines.all())


def amounts_fit_outcome(objection) -> bool:
    """Awb 7:11: unfounded or inadmissible leaves every amount as it was; founded revises at least one line.

    Revised amounts never exceed what was requested (or, for a settlement, what was granted).
    """
    lines = list(objection.revised_lines.all())
    if any(line.revised_cents > line.ceiling_cents for line in lines):
        return False
    if objection.outcome in FOUNDED_OUTCOMES:
        return any(line.revised_cents != line.contested_cents for line in lines) and all(
            line.motivation.strip() for line in lines if line.revised_cents != line.contested_cents
        )
    return all(line.revised_cents == line.contested_cents for line in lines)


def committee_advice_recorded(objection) -> bool:
    """Awb 7:13(7): with an advisory committee, its advice is recorded and any departure explained."""
    if not objection.committee:
        return True
    if not objection.advice.strip() or objection.advice_followed is None:
        return False
    return objection.advice_followed or bool(objection.advice_departure.strip())


def needs_second_approval(objection) -> bool:
    """Four eyes as in the primary procedure: a founded objection that leaves a (partial) refusal,
    or that grants more than the configured amount."""
    if objection.outcome not in FOUNDED_OUTCOMES:
        return False
    total = objection.revised_total_cents
    if objection.contested_kind == "settlement":
        # A settlement below the grant is not a refusal (it follows the invoices): as in settle, the amount decides.
        return total > settings.SECOND_APPROVAL_ABOVE_CENTS
    return total > settings.SECOND_APPROVAL_ABOVE_CENTS or total < objection.ceiling_total_cents


def is_single_approval_enough(objection) -> bool:
    return not needs_second_approval(objection)


DECISION_CONDITIONS = [
    has_reasoning,
    heard_or_hearing_skipped,
    hearing_skip_fits_outcome,
    every_ground_answered,
    lateness_judged,
    inadmissibility_has_ground,
    amounts_fit_outcome,
    no_worsening_without_ground,
    committee_advice_recorded,
]


def explain(condition) -> str:
    messages = {
        repair_deadline_passed: _("The deadline to repair the objection has not passed yet (Awb 6:6)."),
        heard_or_hearing_skipped: _(
            "Hear the objector first, or record the ground of Awb 7:3 on which the hearing is left out (Awb 7:2)."
        ),
        hearing_skip_fits_outcome: _(
            "The ground recorded for leaving out the hearing does not fit this outcome (Awb 7:3)."
        ),
        has_reasoning: _("Choose the outcome and write its motivation (Awb 7:12)."),
        every_ground_answered: _("Summarise every ground of objection and answer each one (Awb 7:12)."),
        lateness_judged: _(
            "The objection came in late: record whether that is excusable and why; an unexcused late objection "
            "is inadmissible (Awb 6:11)."
        ),
        inadmissibility_has_ground: _(
            "An objection is inadmissible only when it was late without excuse (6:11) or a defect was not "
            "repaired by the deadline given (6:6)."
        ),
        amounts_fit_outcome: _(
            "Unfounded or inadmissible leaves every amount unchanged; founded changes at least one amount, "
            "with a motivation per changed measure, never above what was requested (Awb 7:11)."
        ),
        no_worsening_without_ground: _(
            "The decision on objection may not leave the objector worse off than the contested decision "
            "unless you record the specific legal ground for it (reformatio in peius)."
        ),
        committee_advice_recorded: _(
            "Record the advisory committee's advice, and why you depart from it if you do (Awb 7:13)."
        ),
        needs_second_approval: _("This decision on objection does not need a second assessor."),
        is_single_approval_enough: _("This decision on objection needs a second assessor."),
    }
    return str(messages.get(condition, _("A condition for this step is not met.")))
