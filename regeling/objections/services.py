"""What happens to an objection: the only callers of its transitions (Awb 6:4-6:11, 7:1-7:15, 10:3(3)).

Every service runs in one transaction: lock, check the permission (independence
included, with its reason), write the facts the guards read, apply the transition,
save, record the history (ObjectionChange, and the case's own StatusChange when the
case moves), and write letter rows (the outbox, rendered after commit).

Amounts change only when a founded decision is taken (by one assessor, or on the
independent second approval); the budget follows at that moment.
"""

from datetime import date, datetime, timedelta

import django_fsm as fsm
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regeling.accounts.access import can_handle, is_applicant
from regeling.applications import services as application_services
from regeling.applications.models import Application, StatusChange
from regeling.applications.states import Outcome, Status
from regeling.audit import log as audit
from regeling.budgets import ledger
from regeling.core import transitions
from regeling.core.dated import value_on
from regeling.core.exceptions import TransitionRefused
from regeling.core.locks import lock_residence
from regeling.letters.models import Letter, LetterKind
from regeling.letters.outbox import issue_letter

from . import guards
from .models import (
    BodyObjectionSettings,
    Objection,
    ObjectionChange,
    ObjectionGround,
    ObjectionLetter,
    ObjectionPayment,
    ObjectionPaymentKind,
    RevisedLine,
    term_ended_for,
)
from .permissions import can_handle_objection, why_not
from .states import FOUNDED_OUTCOMES, OPEN, Channel, HearingSkip, ObjectionOutcome, ObjectionStatus

# Letters that are decisions an objection can be lodged against (Awb 6:2, 7:1). A decision on
# objection is not among them: against it lies an appeal to the court (7:1(1)(a)).
CONTESTABLE_KINDS = (LetterKind.DECISION, LetterKind.NOT_PROCESSED, LetterKind.SETTLEMENT)
# The letters this procedure writes (all rendered by the worker).
OBJECTION_LETTER_KINDS = (
    "objection_receipt",
    "repair_request",
    "hearing_invitation",
    "objection_extension",
    "objection_decision",
)
# Awb 7:4(2): the file lies open for inspection at least a week before the hearing.
HEARING_NOTICE = timedelta(weeks=1)
# Besluit proceskosten bestuursrecht, annex A2: lodging the objection, attending the hearing.
POINTS_FOR_OBJECTION, POINTS_FOR_HEARING = 1, 1


def _no_payment_layer(application) -> bool:
    return False


# Whether the case's settlement sits in a payment batch. The payments app, a layer above, sets this when
# it starts (PaymentsConfig.ready): a settlement in a batch counts as paid for a decision on objection.
settlement_in_batch = _no_payment_layer


def check_permission(method, user) -> None:
    """A step the objection's state does not offer is refused (409); a user who may not take it gets a 403
    that says why (the independence rule of Awb 10:3(3) included)."""
    transitions.check(
        method,
        user,
        not_offered=_("This step is not possible in the current state of the objection."),
        not_permitted=why_not(method.__self__, user),
    )


def _record(objection: Objection, name: str, *, by, source: str, reason: str = "") -> None:
    ObjectionChange.objects.create(
        objection=objection, transition=name, source=source, target=objection.status, actor=by, reason=reason
    )
    audit.record(f"objection.{name}", actor=by, obj=objection, source=source, target=objection.status)


def _letter(objection: Objection, kind: str, by) -> Letter:
    # Linked before the letter's data is frozen, so the snapshot holds the objection.
    link = lambda letter: ObjectionLetter.objects.create(objection=objection, letter=letter)  # noqa: E731
    return issue_letter(objection.application, kind, author=by, attach=link)


def _keep_case_due_date(objection: Objection) -> None:
    """The case shows the objection's own term on the work list while the objection runs."""
    if objection.status in OPEN:
        Application.objects.filter(pk=objection.application_id, status=Status.OBJECTION_LODGED).update(
            decision_due_on=objection.decision_due_on
        )


def _run(objection: Objection, name: str, *, by, reason: str = "", before=None, letter_kind=None, **kwargs):
    method = getattr(objection, name)
    check_permission(method, by)
    if before:
        before(objection)
    unmet = transitions.unmet_conditions(method)
    if unmet:
        raise TransitionRefused(" ".join(guards.explain(condition) for condition in unmet))
    source = objection.status
    method(by=by, **kwargs)
    try:
        objection.save()
    except fsm.ConcurrentTransition as exc:
        raise TransitionRefused(
            _("Someone else changed this objection just now. Reload the page and try again.")
        ) from exc
    _record(objection, name, by=by, source=source, reason=reason)
    if letter_kind:
        _letter(objection, letter_kind, by)
    _keep_case_due_date(objection)
    return objection


def _handler_fact(objection_id: int, name: str, *, by, write, reason: str = "") -> Objection:
    """Record a fact on an open objection (lateness, advice, extension, notice): independent handlers only."""
    with transaction.atomic():
        objection = Objection.locked(objection_id)
        if not can_handle_objection(objection, by):
            raise PermissionDenied(why_not(objection, by))
        if objection.status not in OPEN:
            raise TransitionRefused(_("This objection has been decided or withdrawn."))
        write(objection)
        objection.save()
        _record(objection, name, by=by, source=objection.status, reason=reason)
        _keep_case_due_date(objection)
        return objection


# -- lodging -----------------------------------------------------------------
def contested_letter_for(application) -> Letter | None:
    """The latest decision letter of the case that an objection can be lodged against."""
    return (
        Letter.objects.filter(application=application, kind__in=CONTESTABLE_KINDS)
        .order_by("-created_at", "-pk")
        .first()
    )


def lodge_objection(
    application_id: int,
    *,
    by,
    grounds: str,
    received_on: date | None = None,
    channel: str = Channel.PORTAL,
    costs_requested: bool = False,
) -> Objection:
    """Receive an objection against the case's latest decision and acknowledge it (Awb 6:14).

    The objector lodges in the portal (received today); an assessor registers one that came
    by post or e-mail with its date of receipt. A late objection is received too: the handler
    judges the lateness later (6:11). Grounds that are missing are a defect to repair (6:5, 6:6),
    so an assessor may register an objection without them; the portal asks for them.
    """
    with transaction.atomic():
        application = Application.locked(application_id)
        applicant = is_applicant(application, by)
        if not (applicant or can_handle(application, by)):
            raise PermissionDenied
        if applicant:
            received_on, channel = timezone.localdate(), Channel.PORTAL
            if not grounds.strip():
                raise TransitionRefused(_("Give the grounds of your objection."))
        if received_on is None or received_on > timezone.localdate():
            raise TransitionRefused(_("Give the date the objection was received; it cannot lie in the future."))
        if channel not in Channel.values:
            raise TransitionRefused(_("Say how the objection was received."))
        letter = contested_letter_for(application)
        if letter is None:
            raise TransitionRefused(_("There is no decision on this case to object to yet."))
        if received_on < timezone.localdate(letter.created_at):
            raise TransitionRefused(_("The objection cannot have been received before the decision was taken."))
        if Objection.objects.filter(contested_letter=letter, status=ObjectionStatus.DECIDED).exists():
            raise TransitionRefused(
                _("We already decided on an objection against this decision; the next step is an appeal to the court.")
            )
        contested_status = application.status
        application_services.run_transition(application.lodge_objection, by=by)
        body_settings = BodyObjectionSettings.objects.filter(body_id=application.body_id).first()
        objection = Objection.objects.create(
            application=application,
            contested_letter=letter,
            contested_kind=letter.kind,
            contested_status=contested_status,
            channel=channel,
            received_on=received_on,
            registered_by=by,
            grounds_text=grounds,
            costs_requested=costs_requested,
            term_ended_on=term_ended_for(letter),
            committee=bool(body_settings and body_settings.advisory_committee),
        )
        _record(objection, "lodge", by=by, source="")
        _letter(objection, "objection_receipt", by)
        _keep_case_due_date(objection)
        return objection


def withdraw_objection(objection_id: int, *, by) -> Objection:
    """The objector withdraws; the case goes on where it was (nothing had changed yet)."""
    with transaction.atomic():
        objection = _run(Objection.locked(objection_id), "withdraw", by=by)
        application = Application.locked(objection.application_id)
        application_services.run_transition(application.withdraw_objection, by=by, resume=objection.contested_status)
        return objection


# -- repair (6:6) ----------------------------------------------------------------
def request_repair(objection_id: int, *, by, message: str, deadline: date) -> Objection:
    """Ask to repair a defect (missing grounds, no signature) by a deadline; the 7:10 term is suspended."""
    if not message.strip():
        raise TransitionRefused(_("Say what must be repaired."))
    if deadline <= timezone.localdate():
        raise TransitionRefused(_("The deadline must lie in the future."))
    with transaction.atomic():
        return _run(
            Objection.locked(objection_id),
            "request_repair",
            by=by,
            message=message,
            deadline=deadline,
            letter_kind=LetterKind.REPAIR_REQUEST,
        )


def complete_repair(objection_id: int, *, by, grounds: str = "") -> Objection:
    """The defect was repaired (the objector in the portal, or the handler for a letter that came in)."""

    def add_grounds(objection):
        if grounds.strip():
            objection.grounds_text = f"{objection.grounds_text}\n\n{grounds}".strip()

    with transaction.atomic():
        return _run(Objection.locked(objection_id), "complete_repair", by=by, before=add_grounds)


# -- lateness (6:11), committee (7:13), extension (7:10(3)), default notice (4:17) -------
def judge_lateness(objection_id: int, *, by, excusable: bool, reason: str) -> Objection:
    if not reason.strip():
        raise TransitionRefused(_("Give the reason why the lateness is or is not excusable."))

    def write(objection):
        if not objection.is_late:
            raise TransitionRefused(_("This objection was not late."))
        objection.late_excusable, objection.late_reason = excusable, reason

    return _handler_fact(objection_id, "judge_lateness", by=by, write=write, reason=reason)


def record_advice(objection_id: int, *, by, advice: str, followed: bool, departure: str = "") -> Objection:
    if not advice.strip():
        raise TransitionRefused(_("Record the committee's advice."))
    if not followed and not departure.strip():
        raise TransitionRefused(_("Say why the decision departs from the committee's advice (Awb 7:13(7))."))

    def write(objection):
        if not objection.committee:
            raise TransitionRefused(_("This body has no advisory committee for objections."))
        objection.advice, objection.advice_followed, objection.advice_departure = advice, followed, departure

    return _handler_fact(objection_id, "record_advice", by=by, write=write)


def extend_term(objection_id: int, *, by, reason: str) -> Objection:
    """Extend the decision term once by six weeks, before it ends, with a letter (Awb 7:10(3))."""
    if not reason.strip():
        raise TransitionRefused(_("Give the reason for the extension."))

    def write(objection):
        if objection.extended_on is not None:
            raise TransitionRefused(_("The term for this objection was already extended once (Awb 7:10(3))."))
        if timezone.localdate() > objection.decision_due:
            raise TransitionRefused(_("The decision term has already passed; it can no longer be extended."))
        objection.extended_on, objection.extension_reason = timezone.localdate(), reason
        _letter(objection, "objection_extension", by)

    return _handler_fact(objection_id, "extend_term", by=by, write=write, reason=reason)


def record_default_notice(objection_id: int, *, by, received_on: date) -> Objection:
    """A notice of default against a late decision on objection: the penalty of Awb 4:17 runs from it."""

    def write(objection):
        objection.default_notice_received_on = received_on

    return _handler_fact(objection_id, "record_default_notice", by=by, write=write)


# -- hearing (7:2-7:4) --------------------------------------------------------------
def invite_to_hearing(objection_id: int, *, by, at: datetime, place: str, by_video: bool = False) -> Objection:
    """Invite the objector to be heard; the letter names the rights of 7:4 (see the file, bring someone)."""
    if timezone.localdate(at) < timezone.localdate() + HEARING_NOTICE:
        raise TransitionRefused(
            _("Plan the hearing at least a week ahead, so the objector can inspect the file first (Awb 7:4(2)).")
        )
    if not place.strip():
        raise TransitionRefused(_("Give the place of the hearing, or the video link arrangement."))
    with transaction.atomic():
        return _run(
            Objection.locked(objection_id),
            "invite_to_hearing",
            by=by,
            at=at,
            place=place,
            by_video=by_video,
            letter_kind=LetterKind.HEARING_INVITATION,
        )


def record_hearing(objection_id: int, *, by, report: str) -> Objection:
    """The report (verslag) of the hearing becomes part of the file (7:7)."""
    if not report.strip():
        raise TransitionRefused(_("Write the report of the hearing."))
    with transaction.atomic():
        return _run(Objection.locked(objection_id), "record_hearing", by=by, report=report)


def skip_hearing(objection_id: int, *, by, reason: str, note: str) -> Objection:
    """Leave the hearing out, only on a ground of Awb 7:3, with an explanation."""
    if reason not in HearingSkip.values:
        raise TransitionRefused(_("Choose a ground of Awb 7:3 for leaving out the hearing."))
    if not note.strip():
        raise TransitionRefused(_("Explain why this ground applies."))

    def repair_lapsed(objection):
        if objection.status == ObjectionStatus.REPAIR_REQUESTED and not guards.repair_deadline_passed(objection):
            raise TransitionRefused(guards.explain(guards.repair_deadline_passed))

    with transaction.atomic():
        return _run(
            Objection.locked(objection_id), "skip_hearing", by=by, ground=reason, note=note, before=repair_lapsed
        )


# -- the decision (7:11-7:15) ---------------------------------------------------------
def _cents(value, ceiling: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= ceiling:
        raise TransitionRefused(_("An amount must lie between nothing and what was requested (or granted)."))
    return value


def _write_decision(objection, *, outcome, motivation, grounds, revised, peius_ground, professional_help) -> None:
    if outcome not in ObjectionOutcome.values:
        raise TransitionRefused(_("Choose the outcome of the objection."))
    objection.outcome, objection.motivation = outcome, motivation
    objection.peius_ground, objection.professional_help = peius_ground, professional_help
    objection.save()
    objection.grounds.all().delete()
    ObjectionGround.objects.bulk_create(
        ObjectionGround(objection=objection, position=position, summary=summary, answer=answer)
        for position, (summary, answer) in enumerate(grounds, start=1)
        if summary.strip() or answer.strip()
    )
    objection.revised_lines.all().delete()
    settlement = objection.contested_kind == LetterKind.SETTLEMENT
    for line in objection.application.lines.all():
        if line.pk not in revised:
            continue
        cents, why = revised[line.pk]
        ceiling = (line.granted_cents or 0) if settlement else line.requested_cents
        contested = (line.settled_cents if settlement else line.granted_cents) or 0
        RevisedLine.objects.create(
            objection=objection,
            line=line,
            contested_cents=contested,
            revised_cents=_cents(cents, ceiling),
            ceiling_cents=ceiling,
            motivation=why,
        )


def decide_objection(
    objection_id: int,
    *,
    by,
    outcome: str,
    motivation: str,
    grounds: list[tuple[str, str]] = (),
    revised: dict[int, tuple[int, str]] | None = None,
    peius_ground: str = "",
    professional_help: bool = False,
) -> Objection:
    """Reconsider in full (7:11) and decide, or propose for an independent second approver when four eyes
    are needed. `revised` maps a line id to (new cents, motivation) for the lines a founded decision changes.

    A taken decision changes the amounts, commits the budget difference and writes the letter;
    a proposal changes nothing yet.
    """
    with transaction.atomic():
        objection = Objection.locked(objection_id)
        check_permission(objection.decide, by)
        _write_decision(
            objection,
            outcome=outcome,
            motivation=motivation,
            grounds=list(grounds),
            revised=revised or {},
            peius_ground=peius_ground,
            professional_help=professional_help,
        )
        refuse_above_cap(objection)
        if guards.needs_second_approval(objection):
            return _run(objection, "propose_decision", by=by)
        _run(objection, "decide", by=by)
        _conclude(objection, by)
        return objection


def approve_objection_decision(objection_id: int, *, by) -> Objection:
    """The independent second approver approves: amounts, budget and letter follow now."""
    with transaction.atomic():
        objection = _run(Objection.locked(objection_id), "approve", by=by, before=refuse_above_cap)
        _conclude(objection, by)
        return objection


def send_back_objection_decision(objection_id: int, *, by, reason: str) -> Objection:
    if not reason.strip():
        raise TransitionRefused(_("Say why the decision is sent back."))
    with transaction.atomic():
        return _run(Objection.locked(objection_id), "send_back", by=by, reason=reason)


def _conclude(objection: Objection, by) -> None:
    """Apply a taken decision on objection to the case: amounts, budget, costs, the case's state, the letter."""
    application = Application.locked(objection.application_id)
    resume = objection.contested_status
    if objection.outcome in FOUNDED_OUTCOMES:
        _revoke_and_replace(objection, application, by)
        if objection.contested_kind != LetterKind.SETTLEMENT:
            # A revised grant: invoices are sent against it (again, if some were sent against the old one).
            resume = Status.OBJECTION_DECIDED
        if objection.costs_requested and objection.professional_help:
            points = POINTS_FOR_OBJECTION + (POINTS_FOR_HEARING if objection.hearing_held_on else 0)
            objection.costs_cents = points * costs_point_cents(timezone.localdate())
            objection.save(update_fields=["costs_cents", "updated_at"])
            _owe(objection, ObjectionPaymentKind.COSTS, objection.costs_cents, by)
            ledger.owe_costs(application, objection.costs_cents)
    application_services.run_transition(application.decide_objection, by=by, resume=resume)
    _letter(objection, "objection_decision", by)


def costs_point_cents(on: date) -> int:
    """The point value of the Besluit proceskosten bestuursrecht that applies on a date (Awb 7:15(2)):
    the latest of `OBJECTION_COSTS_POINT_VALUES` that has started (docs/rules.md)."""
    cents = value_on(settings.OBJECTION_COSTS_POINT_VALUES, on)
    if cents is None:
        raise TransitionRefused(_("No point value for the costs of legal help is set for this date."))
    return cents


def _owe(objection: Objection, kind: str, cents: int, by) -> None:
    """An extra payment the decision on objection makes: paid through a payment batch."""
    if cents > 0:
        ObjectionPayment.objects.create(objection=objection, kind=kind, amount_cents=cents)
        audit.record(f"objection.owe_{kind}", actor=by, obj=objection, cents=cents)


def _settlement_paid(objection: Objection, application: Application) -> bool:
    """The contested settlement was paid, or is in a payment batch and so on its way to the bank."""
    return objection.contested_status in (Status.PAID, Status.CLOSED) or settlement_in_batch(application)


def _revoke_and_replace(objection: Objection, application: Application, by) -> None:
    settlement = objection.contested_kind == LetterKind.SETTLEMENT
    revisions = list(objection.revised_lines.select_related("line"))
    paid = settlement and _settlement_paid(objection, application)
    if paid and any(revision.revised_cents < revision.contested_cents for revision in revisions):
        # Awb 7:11: no worsening; money paid is only recovered by a decision of its own (4:57), never here.
        raise TransitionRefused(
            _(
                "This settlement has already been paid (or is in a payment batch): a decision on objection "
                "cannot lower it (Awb 7:11)."
            )
        )
    settled_before = application.settled_total_cents
    for revision in revisions:
        line = revision.line
        if settlement:
            line.settled_cents = revision.revised_cents
            line.save(update_fields=["settled_cents"])
        else:
            line.granted_cents = revision.revised_cents
            if line.granted_cents == line.requested_cents:
                line.reason_code = ""
            elif not line.reason_code:
                line.reason_code = "other"
            line.save(update_fields=["granted_cents", "reason_code"])
    if paid:
        # The difference is paid on top, through a payment batch like any payment (four eyes there too).
        supplement = application.settled_total_cents - settled_before
        _owe(objection, ObjectionPaymentKind.SUPPLEMENT, supplement, by)
        ledger.settle_supplement(application, supplement)
        return
    if settlement:
        ledger.settle(application)
        return
    total = application.granted_total_cents
    application.outcome = (
        Outcome.REFUSE
        if total == 0
        else (Outcome.GRANT if total == application.requested_total_cents else Outcome.PARTIAL)
    )
    application.save(update_fields=["outcome", "updated_at"])
    ledger.commit_grant(application)


def refuse_above_cap(objection: Objection) -> None:
    """Version A: a decision on objection that raises a grant stays within EUR 2,400 for the residence, counted
    as in the primary procedure, under the same residence lock (Stcrt. 2020, 49908; Awb 7:11).

    Called when the decision is taken or proposed and again on the second approval: another grant
    for the home may have come first. A settlement never exceeds its grant, so it is not counted again.
    """
    if objection.outcome not in FOUNDED_OUTCOMES or objection.contested_kind == LetterKind.SETTLEMENT:
        return
    application = Application.locked(objection.application_id)
    lock_residence(application.residence_key)
    application_services.refuse_above_cap(application, total_cents=objection.revised_total_cents)


# -- payments made by a payment batch (the payments app calls these) ---------------------------
def record_payment(payment_id: int, *, by) -> ObjectionPayment:
    """A supplementary payment or the costs of legal help were paid with a confirmed batch: book it."""
    with transaction.atomic():
        payment = ObjectionPayment.objects.select_for_update().select_related("objection").get(pk=payment_id)
        if payment.paid_at is not None:
            raise TransitionRefused(_("This payment after objection has already been paid."))
        application = Application.locked(payment.objection.application_id)
        if payment.kind == ObjectionPaymentKind.COSTS:
            ledger.pay_costs(application, payment.amount_cents)
        else:
            ledger.pay(application, payment.amount_cents)
        payment.paid_at = timezone.now()
        payment.save(update_fields=["paid_at"])
        audit.record(f"objection.paid_{payment.kind}", actor=by, obj=payment.objection, cents=payment.amount_cents)
        return payment


def record_settlement_paid_during_objection(application_id: int, *, by, cents: int) -> Application:
    """A settlement in a payment batch was paid while an objection against it runs. The objection does not
    suspend the settlement (Awb 6:16): the payment stands, the case returns to `paid` after the objection,
    and a founded objection pays only the difference on top."""
    with transaction.atomic():
        application = Application.locked(application_id)
        objection = Objection.objects.select_for_update().get(
            application=application, status__in=OPEN, contested_status=Status.SETTLED
        )
        ledger.pay(application, cents)
        objection.contested_status = Status.PAID
        objection.save(update_fields=["contested_status", "updated_at"])
        reason = _("Paid with a payment batch while the objection runs (Awb 6:16).")
        _record(objection, "settlement_paid", by=by, source=objection.status, reason=reason)
        StatusChange.note(application, "mark_paid", by=by, reason=reason)
        audit.record("application.mark_paid", actor=by, obj=application, during_objection=True)
        return application
