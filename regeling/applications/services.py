"""What happens to an application: the only callers of workflow transitions.

Every service runs in one transaction: lock the row, check the permission
(calling a transition skips it), apply the transition, save, record the
history, and write any letter row (the outbox). Side effects (rendering,
e-mail) are queued after commit.
"""

from collections.abc import Callable
from datetime import date, timedelta
from types import MethodType

import django_fsm as fsm
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from regeling.accounts.models import User
from regeling.audit import log as audit
from regeling.budgets import ledger
from regeling.core import transitions
from regeling.core.conflicts import retry_on_conflict
from regeling.core.exceptions import TransitionRefused
from regeling.core.locks import lock_residence
from regeling.core.money import format_euros
from regeling.letters.models import LetterKind
from regeling.letters.notifications import notify_applicant_after_commit
from regeling.letters.outbox import issue_letter
from regeling.schemes import rules
from regeling.schemes.reasons import REFUSAL_DEFAULT_REASON
from regeling.schemes.rules import Finding
from regeling.schemes.versions import SchemeVersion, version_for

from . import findings, guards
from .models import Application, InformationRequest, StatusChange
from .permissions import can_handle
from .states import BEFORE_DECISION, OPEN_FOR_ASSESSORS, Outcome, Status


def check_permission(method, user) -> None:
    """Refuse a step the case's state does not offer (409) or this user may not take (403)."""
    transitions.check(method, user, not_offered=_("This step is not possible in the current state of the case."))


def run_transition(
    method: Callable[..., None],
    *,
    by: User,
    reason: str = "",
    before: Callable[[Application], None] | None = None,
    letter_kind: str | None = None,
    **kwargs,
) -> Application:
    """Check, apply and record one transition, given as the locked application's method
    (`run_transition(application.decide, by=...)`).

    `before` sets the facts a guard looks at (the outcome, a request) inside the
    same transaction, so a refused transition leaves nothing behind.
    """
    application: Application = method.__self__  # type: ignore[attr-defined]
    name = method.__name__
    check_permission(method, by)
    if before:
        before(application)
    unmet = transitions.unmet_conditions(method)
    if unmet:
        raise TransitionRefused(" ".join(guards.explain(condition) for condition in unmet))
    source = application.status
    method(by=by, **kwargs)
    try:
        application.save()
    except fsm.ConcurrentTransition as exc:
        raise TransitionRefused(_("Someone else changed this case just now. Reload the page and try again.")) from exc
    StatusChange.objects.create(
        application=application, transition=name, source=source, target=application.status, actor=by, reason=reason
    )
    audit.record(f"application.{name}", actor=by, obj=application, source=source, target=application.status)
    if letter_kind:
        issue_letter(application, letter_kind, author=by)

    notify_applicant_after_commit(application, by=by)
    return application


@retry_on_conflict
def _atomic_transition(
    application_id: int,
    transition: Callable[..., None],
    *,
    by: User,
    after: Callable[[Application], None] | None = None,
    **kwargs,
) -> Application:
    """Lock, run `transition` (a method of Application, e.g. `Application.submit`) on the locked
    row, then `after` (the budget) in the same transaction: all or nothing."""
    with transaction.atomic():
        application = run_transition(MethodType(transition, Application.locked(application_id)), by=by, **kwargs)
        if after:
            after(application)
        return application


def submit_application(application_id: int, *, by: User) -> Application:
    """Submit a draft; confirms receipt with a letter (Awb 4:3a)."""
    return _atomic_transition(application_id, Application.submit, by=by, letter_kind=LetterKind.RECEIPT)


def withdraw_application(application_id: int, *, by: User, reason: str = "") -> Application:
    """Withdraw before the decision; anything still committed goes back to the budget."""
    return _atomic_transition(application_id, Application.withdraw, by=by, reason=reason, after=ledger.release)


def start_completeness_check(application_id: int, *, by: User) -> Application:
    return _atomic_transition(application_id, Application.start_completeness_check, by=by)


def start_assessment(application_id: int, *, by: User) -> Application:
    return _atomic_transition(application_id, Application.start_assessment, by=by)


def _require_deadline_in_future(deadline: date) -> None:
    """A deadline given to the applicant lies after today: for information (Awb 4:5), for views before a
    refusal or a lower settlement (4:8)."""
    if deadline <= timezone.localdate():
        raise TransitionRefused(_("The deadline must lie in the future."))


def request_information(application_id: int, *, by: User, message: str, deadline: date) -> Application:
    """Ask for what is missing with a mandatory deadline; the decision term is suspended (Awb 4:15)."""

    def create_request(application):
        if not message.strip():
            raise TransitionRefused(_("Say what is missing."))
        _require_deadline_in_future(deadline)
        InformationRequest.objects.create(application=application, message=message, deadline=deadline, requested_by=by)

    return _atomic_transition(
        application_id,
        Application.request_information,
        by=by,
        before=create_request,
        letter_kind=LetterKind.INFORMATION_REQUEST,
    )


def complete_information(application_id: int, *, by: User, answer: str = "") -> Application:
    """The applicant supplied what was asked: the term runs again from tomorrow."""

    def close_request(application):
        request = application.open_information_request
        if request is not None:
            request.completed_on = timezone.localdate()
            request.answer = answer
            # The work list says "new answer" until an assessor opens the case file.
            request.answered_by_applicant = by.pk == application.applicant_id
            request.save(update_fields=["completed_on", "answer", "answered_by_applicant"])

    return _atomic_transition(application_id, Application.complete_information, by=by, before=close_request)


def declare_not_processed(application_id: int, *, by: User, motivation: str) -> Application:
    return _atomic_transition(
        application_id,
        Application.declare_not_processed,
        by=by,
        motivation=motivation,
        letter_kind=LetterKind.NOT_PROCESSED,
    )


def _views_deadline(deadline: date | None) -> date:
    """The deadline for views as given, or VIEWS_DEADLINE_DAYS from today."""
    return deadline or timezone.localdate() + timedelta(days=settings.VIEWS_DEADLINE_DAYS)


def _require_views_written(views: str) -> None:
    """Views are recorded only with their text: written in the portal, or the report of oral views (Awb 4:8)."""
    if not views.strip():
        raise TransitionRefused(_("Write the views, or the report of the oral views."))


def request_views(
    application_id: int,
    *,
    by: User,
    outcome: str,
    motivation: str,
    granted: dict[int, tuple[int, str]] | None = None,
    deadline: date | None = None,
    links: dict[int, tuple[str | None, str]] | None = None,
) -> Application:
    """Announce an intended (partial) refusal and invite views (Awb 4:7, 4:8).

    The intended outcome, the amount per line and the grounds are recorded on the
    case, and the intention letter ("Voornemen tot (gedeeltelijke) weigering") is
    written in the same transaction. The deadline defaults to VIEWS_DEADLINE_DAYS.
    The decision term keeps running (the Awb does not suspend it for views).
    """
    deadline = _views_deadline(deadline)

    def record_intention(application):
        if outcome not in (Outcome.PARTIAL, Outcome.REFUSE):
            raise TransitionRefused(_("Views are asked before a (partial) refusal: choose that outcome."))
        _require_deadline_in_future(deadline)
        record_decision(application, outcome=outcome, granted=granted or {}, motivation=motivation, links=links)

    return _atomic_transition(
        application_id,
        Application.request_views,
        by=by,
        deadline=deadline,
        before=record_intention,
        letter_kind=LetterKind.VIEWS_INTENTION,
    )


def receive_views(application_id: int, *, by: User, views: str = "", oral: bool = False) -> Application:
    """Record the views: written by the applicant in the portal, or the assessor's report of oral views (4:8)."""
    _require_views_written(views)
    return _atomic_transition(application_id, Application.receive_views, by=by, views=views, oral=oral)


def _amount(cents, ceiling: int, message: str) -> int:
    """A whole number of cents between 0 and `ceiling`, or a refusal the user can read (never a 500)."""
    if isinstance(cents, bool) or not isinstance(cents, int) or not 0 <= cents <= ceiling:
        raise TransitionRefused(message)
    return cents


def advice_lines(application: Application) -> tuple[str, ...]:
    """The lines of the adopted security advice, as recorded on the case (version B)."""
    return tuple(text.strip() for text in application.advice_contents.splitlines() if text.strip())


def _link_to_advice(
    application, line, *, outcome: str, cents: int, link: tuple[str | None, str] | None, advice
) -> None:
    """Version B, the advice decides (Regeling art. 2.9(3)): a line is granted only when linked to a line of
    the adopted advice, and granted below it only with a motivation for that line (Awb 3:46, 3:50).
    `link` is (advice line, motivation); without an advice line (None) a line keeps its earlier link or
    one whose wording matches an advice line; "" unlinks it."""
    given, why = link if link is not None else (None, line.advice_motivation)
    explicit = given is not None
    wanted: str = given if given is not None else (line.advice_line or line.description)
    linked = rules.advice_line_for(wanted, advice)
    name = line.description or str(line.get_measure_display())
    if explicit and wanted.strip() and not linked:
        raise TransitionRefused(_("%(line)s: that is not a line of the adopted advice.") % {"line": name})
    if cents and not linked:
        raise TransitionRefused(
            _(
                "%(line)s matches no line of the adopted security advice: link it to an advice line, or grant "
                "nothing for it (Regeling art. 2.9(3))."
            )
            % {"line": name}
        )
    below = outcome != Outcome.REFUSE and rules.grant_below_advice(
        linked=bool(linked), requested_cents=line.requested_cents, granted_cents=cents
    )
    if below and not why.strip():
        raise TransitionRefused(
            _("%(line)s: explain why less is granted than the advice prescribes (Awb 3:46, 3:50).") % {"line": name}
        )
    line.advice_line, line.advice_motivation = linked, why.strip() if below else ""


def record_decision(
    application: Application,
    *,
    outcome: str,
    granted: dict[int, tuple[int, str]],
    motivation: str,
    links: dict[int, tuple[str | None, str]] | None = None,
    **facts,
) -> None:
    """Write the assessor's decision onto the locked case.

    `granted` maps a line's id to (granted cents, reason code). Lines not named
    get the full amount on a grant and nothing on a refusal. Version B: `links` maps a
    line's id to (the advice line it follows, why less is granted than the advice prescribes).
    """
    advice = advice_lines(application) if application.scheme_version == SchemeVersion.TAILORED_ADVICE else None
    for line in application.lines.all():
        default = (0, REFUSAL_DEFAULT_REASON) if outcome == Outcome.REFUSE else (line.requested_cents, "")
        cents, reason = granted.get(line.pk, default)
        if outcome == Outcome.REFUSE:
            cents = 0
        cents = _amount(cents, line.requested_cents, _("A granted amount cannot be more than was requested."))
        line.granted_cents, line.reason_code = cents, reason
        if advice is not None:
            _link_to_advice(
                application, line, outcome=outcome, cents=cents, link=(links or {}).get(line.pk), advice=advice
            )
        line.save(update_fields=["granted_cents", "reason_code", "advice_line", "advice_motivation"])
    application.outcome = outcome
    application.motivation = motivation
    for field, value in facts.items():
        setattr(application, field, value)
    application.save(update_fields=["outcome", "motivation", *facts])


@retry_on_conflict
def decide_application(
    application_id: int,
    *,
    by: User,
    outcome: str,
    motivation: str,
    granted: dict[int, tuple[int, str]] | None = None,
    links: dict[int, tuple[str | None, str]] | None = None,
    **facts,
) -> Application:
    """Decide, or propose the decision for a second assessor when four eyes are needed.

    A decision writes its letter row in the same transaction (the outbox), and a
    grant commits its amount against the body's budget, which never refuses it.
    """
    with transaction.atomic():
        application = Application.locked(application_id)
        check_permission(application.decide, by)
        lock_residence(application.residence_key)
        record_decision(
            application, outcome=outcome, granted=granted or {}, motivation=motivation, links=links, **facts
        )
        refuse_above_cap(application)
        if guards.needs_second_approval(application):
            return run_transition(application.propose_decision, by=by)
        application = run_transition(
            application.decide, by=by, before=record_cap_used_earlier, letter_kind=LetterKind.DECISION
        )
        ledger.commit_grant(application)
        return application


def refuse_above_cap(application: Application, *, total_cents: int | None = None) -> None:
    """Version A: refuse a grant that, with every standing grant and every proposal awaiting approval for
    the same officeholder and residence, exceeds EUR 2,400 (Stcrt. 2020, 49908). `total_cents` is the
    grant a decision on objection would leave (default: the case's granted total).

    The caller holds the residence lock (`lock_residence`), so two decisions for one home are counted
    one after the other.
    """
    if application.scheme_version != SchemeVersion.BASIC_PACKAGE:
        return
    elsewhere = findings.cap_counted_elsewhere_cents(application)
    total = application.granted_total_cents if total_cents is None else total_cents
    if not rules.grant_stays_within_cap(total, elsewhere):
        raise TransitionRefused(
            _(
                "This grant exceeds the EUR 2,400 for this residence: %(elsewhere)s is already granted or "
                "proposed for the same home, so at most %(remaining)s can be granted."
            )
            % {
                "elsewhere": format_euros(elsewhere),
                "remaining": format_euros(rules.cap_remaining_cents(elsewhere)),
            }
        )


def record_cap_used_earlier(application: Application) -> None:
    """Freeze what stood for this residence when the decision was taken: the letter states it (3:46)."""
    if application.scheme_version == SchemeVersion.BASIC_PACKAGE:
        application.cap_earlier_cents = findings.reimbursed_cents_for_residence(application)


def approve_decision(application_id: int, *, by: User) -> Application:
    """The second assessor approves: the decision is taken, its letter written and a grant committed.

    The cap is counted again under the residence lock: another grant for the home may have come first.
    """

    def check_cap(application):
        lock_residence(application.residence_key)
        refuse_above_cap(application)
        record_cap_used_earlier(application)

    return _atomic_transition(
        application_id,
        Application.approve,
        by=by,
        before=check_cap,
        letter_kind=LetterKind.DECISION,
        after=ledger.commit_grant,
    )


def send_back_decision(application_id: int, *, by: User, reason: str) -> Application:
    return _atomic_transition(application_id, Application.send_back, by=by, reason=reason)


@retry_on_conflict
def announce_extension(application_id: int, *, by: User, until: date, reason: str) -> Application:
    """Announce a later decision date (Awb 4:14(3)): only while the statutory term runs, with a letter."""

    with transaction.atomic():
        application = Application.locked(application_id)
        if not can_handle(application, by):
            raise PermissionDenied
        due = application.decision_due
        if application.status not in BEFORE_DECISION or due is None:
            raise TransitionRefused(_("An extension is only possible before the decision."))
        if timezone.localdate() > due:
            raise TransitionRefused(_("The decision term has already passed; an extension can no longer be announced."))
        if until <= due:
            raise TransitionRefused(_("The new date must lie after the current decision date."))
        if not reason.strip():
            raise TransitionRefused(_("Give the reason for the extension."))
        application.extended_until, application.extension_reason = until, reason
        application.extended_on = timezone.localdate()
        application.save(update_fields=["extended_until", "extended_on", "extension_reason", "updated_at"])
        audit.record("application.announce_extension", actor=by, obj=application)
        issue_letter(application, LetterKind.EXTENSION, author=by)
        return application


def submit_settlement(
    application_id: int, *, by: User, invoiced: dict[int, int], invoice_dates: dict[int, date] | None = None
) -> Application:
    """The applicant sends invoices: the invoiced amount (cents) and the invoice date per granted line.

    The date is the day the costs were incurred: entitlement follows the costs (docs/rules.md), so
    every invoiced line needs one, and a date in the future cannot be an incurred cost.
    """
    dates = invoice_dates or {}

    def write(application):
        for line in application.lines.all():
            if line.granted_cents:
                line.invoiced_cents = _amount(
                    invoiced.get(line.pk, 0), 10**9, _("Enter the invoiced amount as a positive number.")
                )
                line.invoice_date = dates.get(line.pk) if line.invoiced_cents else None
                if line.invoiced_cents and line.invoice_date is None:
                    raise TransitionRefused(_("Give the date of the invoice for every measure you invoice."))
                if line.invoice_date and line.invoice_date > timezone.localdate():
                    raise TransitionRefused(_("An invoice date cannot lie in the future."))
                line.save(update_fields=["invoiced_cents", "invoice_date"])

    return _atomic_transition(application_id, Application.submit_settlement, by=by, before=write)


def default_settled_cents(line, costs_count: bool) -> int:
    """What a line settles at unless the assessor says otherwise: the invoiced part of the grant,
    nothing when its costs do not count (incurred outside the term or claimed too late)."""
    return min(line.invoiced_cents or 0, line.granted_cents) if costs_count else 0


def uncovered_costs(application: Application) -> dict[int, Finding]:
    """The granted lines whose costs do not count, with the finding that says why and cites the article:
    incurred outside the term, or invoiced after the claim window (rules.costs_incurred_within_term,
    rules.invoices_within_claim_window)."""
    evaluation = findings.findings_for(application)
    window = next((f for f in evaluation.findings if f.rule == "invoices_within_claim_window"), None)
    by_position = {f.line: f for f in evaluation.findings if f.rule == "costs_incurred_within_term" and f.is_not_met}
    refused = {}
    for position, line in enumerate(application.lines.all(), start=1):
        if not line.granted_cents or not line.invoiced_cents:
            continue
        finding = by_position.get(position) or (window if window is not None and window.is_not_met else None)
        if finding is not None:
            refused[line.pk] = finding
    return refused


def _write_settlement(application, field: str, settled: dict[int, int] | None, reasons: dict[int, str] | None):
    """Write the final (or intended) amount and its reason per granted line; refuse an amount the rules
    do not allow: above the grant, or above nothing for costs that do not count (with the article)."""
    uncovered = uncovered_costs(application)
    # The reason the letter states, in Dutch (the legal language, Awb 2:6), citing the article.
    with translation.override(settings.LANGUAGE_CODE):
        stated = {pk: f"{f.applicant_text} ({f.article})" for pk, f in uncovered_costs(application).items()}
    for line in application.lines.all():
        if not line.granted_cents:
            continue
        refusal = uncovered.get(line.pk)
        announced = line.intended_settled_cents if field == "settled_cents" else None
        default = announced if announced is not None else default_settled_cents(line, refusal is None)
        cents = _amount(
            (settled or {}).get(line.pk, default),
            line.granted_cents,
            _("Settle every granted measure, never above the granted amount."),
        )
        if cents and refusal is not None:
            raise TransitionRefused(
                _("%(line)s: %(reason)s (%(article)s) Settle it at € 0,00 with that reason.")
                % {
                    "line": line.description or line.get_measure_display(),
                    "reason": refusal.assessor_text,
                    "article": refusal.article,
                }
            )
        setattr(line, field, cents)
        reason = (reasons or {}).get(line.pk)
        if reason is None:
            reason = line.settlement_reason or stated.get(line.pk, "")
        line.settlement_reason = reason.strip()
        line.save(update_fields=[field, "settlement_reason"])


def settle_application(
    application_id: int,
    *,
    by: User,
    settled: dict[int, int] | None = None,
    reasons: dict[int, str] | None = None,
) -> Application:
    """Fix the final amount per line: the invoiced amount, never above the grant (SCHEME.md §3).

    Below the invoice only with a reason per line (Awb 3:46) and after the officeholder's views on
    the intended amounts (Awb 4:8, `request_settlement_views`); costs incurred outside the term
    count for nothing. Writes the letter; the settled amount replaces the budget commitment.
    """

    def write(application):
        _write_settlement(application, "settled_cents", settled, reasons)

    return _atomic_transition(
        application_id, Application.settle, by=by, before=write, letter_kind=LetterKind.SETTLEMENT, after=ledger.settle
    )


def request_settlement_views(
    application_id: int,
    *,
    by: User,
    settled: dict[int, int] | None = None,
    reasons: dict[int, str] | None = None,
    deadline: date | None = None,
) -> Application:
    """Announce a settlement that lowers a granted line below its invoice, and invite views (Awb 4:8).

    The intended amount and its reason per line are recorded and the letter "Voornemen tot lagere
    vaststelling" is written in the same transaction. The deadline defaults to VIEWS_DEADLINE_DAYS.
    """
    deadline = _views_deadline(deadline)

    def record_intention(application):
        _require_deadline_in_future(deadline)
        _write_settlement(application, "intended_settled_cents", settled, reasons)

    return _atomic_transition(
        application_id,
        Application.request_settlement_views,
        by=by,
        deadline=deadline,
        before=record_intention,
        letter_kind=LetterKind.SETTLEMENT_VIEWS_INTENTION,
    )


def receive_settlement_views(application_id: int, *, by: User, views: str = "", oral: bool = False) -> Application:
    """Record the views on an intended settlement: written in the portal, or the report of oral views (4:8)."""
    _require_views_written(views)
    return _atomic_transition(application_id, Application.receive_settlement_views, by=by, views=views, oral=oral)


def mark_paid(application_id: int, *, by: User, cents: int | None = None) -> Application:
    """The settled amount was paid (all of it, or the `cents` a payment batch paid): it moves from settled
    to paid in the budget."""
    return _atomic_transition(
        application_id, Application.mark_paid, by=by, after=lambda application: ledger.pay(application, cents)
    )


def close_application(application_id: int, *, by: User) -> Application:
    return _atomic_transition(application_id, Application.close, by=by)


@retry_on_conflict
def override_scheme_version(application_id: int, *, by: User, version: str, reason: str) -> Application:
    """An assessor chooses the other scheme version than the date gives (SCHEME.md §2, transition).

    Only before the decision, always with a reason; audited and written to the case history.
    """

    with transaction.atomic():
        application = Application.locked(application_id)
        if not can_handle(application, by):
            raise PermissionDenied
        if application.status not in OPEN_FOR_ASSESSORS:
            raise TransitionRefused(_("The scheme version can only be changed before the decision."))
        if version not in SchemeVersion.values:
            raise TransitionRefused(_("Choose scheme version A or B."))
        if not reason.strip():
            raise TransitionRefused(_("Give the reason for choosing this scheme version."))
        previous = application.scheme_version
        application.scheme_version, application.scheme_version_reason = version, reason
        application.save(update_fields=["scheme_version", "scheme_version_reason", "updated_at"])
        StatusChange.note(application, "override_scheme_version", by=by, reason=reason)
        audit.record(
            "application.override_scheme_version", actor=by, obj=application, previous=previous, version=version
        )
        return application


@retry_on_conflict
def record_default_notice(application_id: int, *, by: User, received_on: date) -> Application:
    """Record a notice of default (ingebrekestelling): the penalty clock of Awb 4:17 starts from it."""

    with transaction.atomic():
        application = Application.locked(application_id)
        if not can_handle(application, by):
            raise PermissionDenied
        application.default_notice_received_on = received_on
        application.save(update_fields=["default_notice_received_on", "updated_at"])
        audit.record("application.record_default_notice", actor=by, obj=application)
        return application


@retry_on_conflict
def confirm_territory(application_id: int, *, by, in_territory: bool, reason: str) -> Application:
    """The assessor records whether the home lies in the body's territory (Regeling 2.9(2)).

    For a water board this is the fact the rule waits for: its area does not follow provincial
    borders. Only before the decision, with a reason; audited and written to the case history.
    """

    with transaction.atomic():
        application = Application.locked(application_id)
        if not can_handle(application, by):
            raise PermissionDenied
        if application.status not in OPEN_FOR_ASSESSORS:
            raise TransitionRefused(_("The territory can only be confirmed before the decision."))
        if not reason.strip():
            raise TransitionRefused(_("Say how you established where the home lies."))
        application.territory_confirmed = in_territory
        application.save(update_fields=["territory_confirmed", "updated_at"])
        StatusChange.note(application, "confirm_territory", by=by, reason=reason)
        audit.record("application.confirm_territory", actor=by, obj=application, in_territory=in_territory)
        return application


@retry_on_conflict
def record_advice(application_id: int, *, by, advice: str, reason: str = "") -> Application:
    """Version B: the assessor records the measures of the adopted security advice, one per line, from
    the advice the officeholder sent (Regeling art. 2.9(3): the advice decides what is provided).

    The requested measures are then linked to these lines in the decision. Only before the decision;
    audited (without the text: it describes the home's security) and written to the case history.
    """

    with transaction.atomic():
        application = Application.locked(application_id)
        if not can_handle(application, by):
            raise PermissionDenied
        if application.status not in OPEN_FOR_ASSESSORS:
            raise TransitionRefused(_("The security advice can only be recorded before the decision."))
        if application.scheme_version != SchemeVersion.TAILORED_ADVICE:
            raise TransitionRefused(_("Only version B of the scheme works with a security advice."))
        lines = [text.strip() for text in advice.splitlines() if text.strip()]
        if not lines:
            raise TransitionRefused(_("Write the advised measures, one per line."))
        application.advice_contents = "\n".join(lines)
        application.save(update_fields=["advice_contents", "updated_at"])
        StatusChange.note(application, "record_advice", by=by, reason=reason)
        audit.record("application.record_advice", actor=by, obj=application, lines=len(lines))
        return application


# A second "start" within this time of an untouched draft is the same intention (a double click,
# a form sent twice): it returns that draft instead of making another.
DOUBLE_START_WINDOW = timedelta(minutes=1)


@retry_on_conflict
def start_draft(*, by, request=None) -> Application:
    """Start a draft application for the officeholder, or return the one they started a moment ago. Audited."""
    with transaction.atomic():
        # One start per person at a time: the second of two simultaneous requests waits here.
        list(get_user_model().objects.select_for_update().filter(pk=by.pk).values_list("pk", flat=True))
        recent = (
            Application.objects.filter(
                applicant=by,
                status=Status.DRAFT,
                draft_step=1,
                created_at__gte=timezone.now() - DOUBLE_START_WINDOW,
            )
            .order_by("-pk")
            .first()
        )
        if recent is not None:
            return recent
        application = Application.objects.create(
            applicant=by,
            body=by.body,
            office=by.office,
            scheme_version=version_for(timezone.localdate()),
        )
        audit.record("application.create", obj=application, actor=by, request=request)
        return application


@retry_on_conflict
def delete_draft(application_id: int, *, by, request=None) -> str:
    """Delete a draft the applicant never sent, with its measures and uploaded files; nothing
    else. A draft is no application yet (Awb 4:1: an application is what is sent), so nothing
    about it need be kept; the audit log keeps that it was deleted, by whom, never what it held.
    Returns the draft's reference. Refused for anything that was sent."""
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application_id)
        if application.applicant_id != by.pk:
            raise PermissionDenied
        if application.status != Status.DRAFT or application.submitted_at is not None:
            raise TransitionRefused(_("Only an application you have not sent yet can be deleted."))
        documents = list(application.documents.all())
        files = [document.file for document in documents if document.file]
        audit.record(
            "application.draft_delete",
            obj=application,
            actor=by,
            request=request,
            documents=len(documents),
            lines=application.lines.count(),
        )
        reference = application.reference
        application.delete()
        # The files go once the rows are gone for good; a rolled-back delete keeps them.
        transaction.on_commit(lambda: _delete_files(files))
    return reference


def _delete_files(files) -> None:
    for file in files:
        file.storage.delete(file.name)
