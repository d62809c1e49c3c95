"""The rules of the scheme: one named, pure function per rule, citing its article.

Every rule takes the facts of a case (`evaluation.CaseFacts`) and returns a
`Finding`: met, not met, or needs the assessor, with a text for the applicant
and one for the assessor. Rules never read the database or the settings; what
SCHEME.md marks unconfirmed arrives as an argument (see `evaluation.Policy`).

Sources: Stcrt. 2020, 49908 (version A), Stcrt. 2023, 28233 (version B),
Rechtspositiebesluit decentrale politieke ambtsdragers art. 2.3.1(2), 3.3.1(2), 4.3.1(2).
"""

from __future__ import annotations

import calendar
import unicodedata
from dataclasses import asdict, dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext as _

from regeling.accounts.models import BodyKind, Office
from regeling.core.money import format_euros

from .reasons import Reason
from .versions import BASIC_PACKAGE, VERSION_A_CAP_CENTS, VERSION_A_START, SchemeVersion, version_for

if TYPE_CHECKING:
    from .evaluation import CaseFacts, Line

ARTICLE_OFFICE = {
    BodyKind.PROVINCE: "Regeling art. 2.9; Rechtspositiebesluit art. 2.3.1(2)",
    BodyKind.MUNICIPALITY: "Regeling hoofdstuk 3; Rechtspositiebesluit art. 3.3.1(2)",
    BodyKind.WATER_BOARD: "Regeling hoofdstuk 4; Rechtspositiebesluit art. 4.3.1(2)",
}
ARTICLE_VERSION_A = "Stcrt. 2020, 49908"
ARTICLE_VERSION_B = "Stcrt. 2023, 28233"
ARTICLE_MAIN_RESIDENCE = "Stcrt. 2020, 49908; Wet BRP art. 1.1(o)"
ARTICLE_TERRITORY = "Regeling art. 2.9(2) (Stcrt. 2023, 28233)"
ARTICLE_ADVICE = "Regeling art. 2.9(3) (Stcrt. 2023, 28233)"

ELIGIBLE_OFFICES = {
    BodyKind.MUNICIPALITY: frozenset({Office.MAYOR, Office.ALDERMAN}),
    BodyKind.PROVINCE: frozenset({Office.KINGS_COMMISSIONER, Office.PROVINCIAL_EXECUTIVE}),
    BodyKind.WATER_BOARD: frozenset({Office.WATER_BOARD_CHAIR, Office.WATER_BOARD_EXECUTIVE}),
}


class FindingStatus(models.TextChoices):
    MET = "met", _("met")
    NOT_MET = "not_met", _("not met")
    NEEDS_ASSESSOR = "needs_assessor", _("needs the assessor")


class PkvwPolicy(models.TextChoices):
    """Whether version B requires a PKVW certificate: the legal wording is unconfirmed (SCHEME.md §6.2)."""

    REQUIRED = "required", _("required")
    ASSESSOR = "assessor", _("the assessor judges")
    NOT_REQUIRED = "not_required", _("not required")


@dataclass(frozen=True)
class Finding:
    rule: str
    status: str
    article: str
    applicant_text: str
    assessor_text: str
    reason: str = ""  # a Reason code when not met: the letter explains it
    line: int | None = None  # the measure line's position, for rules about one line

    @property
    def is_met(self) -> bool:
        return self.status == FindingStatus.MET

    @property
    def is_not_met(self) -> bool:
        return self.status == FindingStatus.NOT_MET

    def to_json(self) -> dict:
        return {key: str(value) if isinstance(value, str) else value for key, value in asdict(self).items()}


def _met(rule, article, applicant, assessor, line=None) -> Finding:
    return Finding(rule, FindingStatus.MET, article, applicant, assessor, line=line)


def _not_met(rule, article, applicant, assessor, reason, line=None) -> Finding:
    return Finding(rule, FindingStatus.NOT_MET, article, applicant, assessor, reason=reason, line=line)


def _needs_assessor(rule, article, applicant, assessor, line=None) -> Finding:
    return Finding(rule, FindingStatus.NEEDS_ASSESSOR, article, applicant, assessor, line=line)


def _office_label(office: str) -> str:
    return str(Office(office).label) if office in Office.values else office


# -- who ----------------------------------------------------------------------
def holds_eligible_office(case: CaseFacts) -> Finding:
    """Only the executive offices of each body are covered; members and civil servants are not."""
    rule, article = "holds_eligible_office", ARTICLE_OFFICE.get(case.body_kind, ARTICLE_OFFICE[BodyKind.MUNICIPALITY])
    if case.office in ELIGIBLE_OFFICES.get(case.body_kind, ()):
        return _met(
            rule, article, _("Your office is covered by the scheme."), _("The office is eligible for this body.")
        )
    refusals = {
        Office.COUNCIL_MEMBER: _(
            "Council members are not covered by the scheme. The minister decided in November 2023 not to "
            "include them; other measures with police and prosecution apply."
        ),
        Office.PROVINCIAL_COUNCIL_MEMBER: _(
            "Members of the Provincial Council are not covered by the scheme. The minister decided in "
            "November 2023 not to include them; other measures with police and prosecution apply."
        ),
        Office.WATER_BOARD_MEMBER: _(
            "Members of the water board's general board are not covered by the scheme; only the chair and "
            "the members of the executive are."
        ),
        Office.CIVIL_SERVANT: _(
            "Civil servants are not covered by this scheme, which is for political officeholders. "
            "Ask your employer about its own security measures."
        ),
    }
    applicant_text = refusals.get(
        case.office,
        _("The office of %(office)s is not covered by the scheme for this employer body.")
        % {"office": _office_label(case.office)},
    )
    assessor_text = _("Office %(office)s is not eligible for a body of kind %(kind)s.") % {
        "office": _office_label(case.office),
        "kind": str(BodyKind(case.body_kind).label) if case.body_kind in BodyKind.values else case.body_kind,
    }
    return _not_met(rule, article, applicant_text, assessor_text, Reason.NOT_ELIGIBLE_OFFICE)


def claim_window_ends(term_ends_on: date, months: int) -> date:
    """The last day to claim costs incurred in office: `months` calendar months after the last day
    in office (a reading, setting CLAIM_WINDOW_MONTHS; the regulation names no period, docs/rules.md).
    A day that does not exist in the target month becomes that month's last day (31 Aug + 6 -> 28/29 Feb)."""
    month_index = term_ends_on.month - 1 + months
    year, month = term_ends_on.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(term_ends_on.day, calendar.monthrange(year, month)[1]))


def is_within_term(case: CaseFacts, *, claim_window_months: int = 6) -> Finding:
    """Entitlement follows the costs: costs incurred from the day the appointment is certain until the
    last day in office count (Rechtspositiebesluit art. 2.3.1(2), 3.3.1(2), 4.3.1(2)), also when they
    are claimed after the term ended, within the claim window (a reading, see `claim_window_ends`).

    The application itself only has to be made in that time; each invoice's own date is tested by
    `costs_incurred_within_term`. Costs cannot be incurred before the appointment is certain, so an
    application made before then cannot succeed yet.
    """
    rule, article = "is_within_term", ARTICLE_OFFICE.get(case.body_kind, ARTICLE_OFFICE[BodyKind.MUNICIPALITY])
    on = case.application_date
    if case.appointment_certain_on is None:
        return _needs_assessor(
            rule,
            article,
            _("We will check from which date your appointment is certain."),
            _("The date the appointment became certain is missing: check it."),
        )
    if on < case.appointment_certain_on:
        return _not_met(
            rule,
            article,
            _("On the date of the application your appointment was not certain yet. Apply again once it is."),
            _("Application dated %(on)s, before the appointment was certain (%(certain)s).")
            % {"on": on.isoformat(), "certain": case.appointment_certain_on.isoformat()},
            Reason.OUTSIDE_TERM,
        )
    if case.term_ends_on is not None and on > case.term_ends_on:
        window = claim_window_ends(case.term_ends_on, claim_window_months)
        figures = {"on": on.isoformat(), "ends": case.term_ends_on.isoformat(), "window": window.isoformat()}
        if on > window:
            return _not_met(
                rule,
                article,
                _(
                    "Your term of office ended on %(ends)s. Costs made in office can be claimed until %(window)s; "
                    "this application came in later."
                )
                % figures,
                _("Application dated %(on)s, after the claim window (term ended %(ends)s, window until %(window)s).")
                % figures,
                Reason.CLAIM_WINDOW_PASSED,
            )
        return _met(
            rule,
            article,
            _(
                "Your term of office ended on %(ends)s. Only costs you made up to and including that day count; "
                "send the invoices by %(window)s."
            )
            % figures,
            _("Term ended %(ends)s; application within the claim window (until %(window)s): only costs up to the end.")
            % figures,
        )
    return _met(rule, article, _("You hold the office on the date of the application."), _("Within the term."))


def costs_incurred_within_term(line: Line, case: CaseFacts) -> Finding:
    """The costs of one line count when its invoice is dated from the day the appointment became
    certain until the last day in office, both included (Rechtspositiebesluit art. 2.3.1(2), 3.3.1(2),
    4.3.1(2): the entitlement is tied to holding the office). Costs incurred after the term do not count."""
    rule, article = (
        "costs_incurred_within_term",
        ARTICLE_OFFICE.get(case.body_kind, ARTICLE_OFFICE[BodyKind.MUNICIPALITY]),
    )
    incurred = line.incurred_on
    if incurred is None:
        return _needs_assessor(
            rule,
            article,
            _("We will check the date of the invoice for this measure."),
            _("No invoice date for this line."),
            line.position,
        )
    figures = {"on": incurred.isoformat()}
    if case.appointment_certain_on is not None and incurred < case.appointment_certain_on:
        return _not_met(
            rule,
            article,
            _("The invoice is dated %(on)s, before your appointment was certain; those costs are not covered.")
            % figures,
            _("Invoice dated %(on)s, before the appointment was certain (%(certain)s).")
            % {**figures, "certain": case.appointment_certain_on.isoformat()},
            Reason.COSTS_OUTSIDE_TERM,
            line.position,
        )
    if case.term_ends_on is not None and incurred > case.term_ends_on:
        return _not_met(
            rule,
            article,
            _("The invoice is dated %(on)s, after your term of office ended on %(ends)s; those costs are not covered.")
            % {**figures, "ends": case.term_ends_on.isoformat()},
            _("Invoice dated %(on)s, after the term ended (%(ends)s).")
            % {**figures, "ends": case.term_ends_on.isoformat()},
            Reason.COSTS_OUTSIDE_TERM,
            line.position,
        )
    return _met(
        rule,
        article,
        _("The costs were made while you held the office."),
        _("Invoice dated %(on)s, within the term.") % figures,
        line.position,
    )


def invoices_within_claim_window(case: CaseFacts, *, claim_window_months: int = 6) -> Finding:
    """Invoices sent after the term ended still count within the claim window (a reading, setting
    CLAIM_WINDOW_MONTHS; see `claim_window_ends`), for costs incurred in office."""
    rule, article = (
        "invoices_within_claim_window",
        ARTICLE_OFFICE.get(case.body_kind, ARTICLE_OFFICE[BodyKind.MUNICIPALITY]),
    )
    sent = case.invoices_sent_on
    if sent is None or case.term_ends_on is None or sent <= case.term_ends_on:
        return _met(rule, article, _("The invoices came in on time."), _("Invoices sent during the term."))
    window = claim_window_ends(case.term_ends_on, claim_window_months)
    figures = {"sent": sent.isoformat(), "ends": case.term_ends_on.isoformat(), "window": window.isoformat()}
    if sent <= window:
        return _met(
            rule,
            article,
            _("The invoices came in within the period after your term (until %(window)s).") % figures,
            _("Invoices sent %(sent)s, after the term (%(ends)s) but within the window until %(window)s.") % figures,
        )
    return _not_met(
        rule,
        article,
        _("Your term of office ended on %(ends)s; invoices could be sent until %(window)s. They came in on %(sent)s.")
        % figures,
        _("Invoices sent %(sent)s, after the claim window (until %(window)s).") % figures,
        Reason.CLAIM_WINDOW_PASSED,
    )


def settles_below_invoice(*, granted_cents: int, invoiced_cents: int | None, settled_cents: int) -> bool:
    """The body settles a line below what the officeholder invoiced, within the grant: that needs a reason
    of its own (Awb 3:46), and, because it lowers the grant on facts the body brings in, the views of
    the officeholder first (Awb 4:8). Settling at the invoice, or at the grant when the invoice is
    higher, follows the officeholder's own facts and the grant (Awb 4:7(1)): no reason, no views."""
    return settled_cents < min(granted_cents, invoiced_cents or 0)


def grant_below_advice(*, linked: bool, requested_cents: int, granted_cents: int) -> bool:
    """Version B: a line linked to an advice line granted below its (quoted) amount departs from the
    advice, which needs a motivation for that line (Awb 3:46, 3:50; Regeling art. 2.9(3))."""
    return linked and granted_cents < requested_cents


def advice_line_for(link: str, advice_lines: tuple[str, ...]) -> str:
    """The advice line `link` names, as written in the advice; '' when the advice has no such line."""
    wanted = _normalise(link)
    return next((advice for advice in advice_lines if wanted and _normalise(advice) == wanted), "")


# -- which scheme -------------------------------------------------------------
def scheme_version(case: CaseFacts) -> Finding:
    """A until 31 Dec 2023, B from 1 Jan 2024, by application date; an override needs a reason."""
    rule = "scheme_version"
    if case.application_date < VERSION_A_START:
        return _not_met(
            rule,
            ARTICLE_VERSION_A,
            _("The scheme started on 1 January 2021; it does not cover earlier applications."),
            _("Application dated before 1 January 2021."),
            Reason.OTHER,
        )
    version = chosen_version(case)
    article = ARTICLE_VERSION_A if version == SchemeVersion.BASIC_PACKAGE else ARTICLE_VERSION_B
    label = str(SchemeVersion(version).label)
    if version != version_for(case.application_date):
        if not case.scheme_version_reason.strip():
            return _needs_assessor(
                rule,
                article,
                _("We will check which version of the scheme applies."),
                _("Version %(version)s was chosen against the date without a reason: record one.")
                % {"version": version},
            )
        return _met(
            rule,
            article,
            _("Your application is assessed under %(label)s.") % {"label": label},
            _("Version %(version)s chosen by the assessor: %(reason)s")
            % {"version": version, "reason": case.scheme_version_reason},
        )
    return _met(
        rule,
        article,
        _("Your application is assessed under %(label)s.") % {"label": label},
        _("Version %(version)s applies on the application date.") % {"version": version},
    )


def chosen_version(case: CaseFacts) -> str:
    """The assessor's override if any, otherwise the version in force on the application date."""
    return case.scheme_version or version_for(case.application_date)


# -- where --------------------------------------------------------------------
def is_main_residence(case: CaseFacts) -> Finding:
    """Version A: the home at the registered (BRP) address, the main residence."""
    rule, article = "is_main_residence", ARTICLE_MAIN_RESIDENCE
    if case.is_main_residence is None:
        return _needs_assessor(
            rule,
            article,
            _("We will check that this is your main residence."),
            _("Main residence not stated: check the BRP address."),
        )
    if not case.is_main_residence:
        return _not_met(
            rule,
            article,
            _("The scheme covers your main residence only: the address where you are registered."),
            _("The home is not the main residence."),
            Reason.NOT_MAIN_RESIDENCE,
        )
    return _met(rule, article, _("The home is your main residence."), _("Main residence."))


# Other spellings of a province name, by their compared form (see `province_key`).
PROVINCE_ALIASES = {"friesland": "fryslan", "brabant": "noordbrabant", "northbrabant": "noordbrabant"}


def province_key(name: str) -> str:
    """'Fryslân', 'Friesland', 'provincie Friesland' -> 'fryslan'; 'Noord-Brabant', 'Brabant' -> 'noordbrabant'."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c))
    plain = plain.removeprefix("provincie ").removeprefix("province of ")
    compact = "".join(c for c in plain if c.isalpha())
    return PROVINCE_ALIASES.get(compact, compact)


def same_province(first: str, second: str) -> bool:
    """Two typed province names name the same province, whatever the spelling."""
    return bool(first.strip() and second.strip()) and province_key(first) == province_key(second)


def territory_fact(case: CaseFacts) -> bool | None:
    """Whether the home lies in the body's territory, as far as the facts settle it; None: a person judges.

    Regeling art. 2.9(2): the test is the body's territory. A recorded fact (the assessor's
    confirmation, else what the officeholder stated) is never overridden by typed province
    names. A water board's area does not follow provincial borders, so for a water board only
    the assessor's confirmation settles it. For a province the typed names decide when nothing
    is recorded; for a municipality another province rules the home out, the same one does not
    put it inside the municipality.
    """
    if case.territory_confirmed is not None:
        return case.territory_confirmed
    if case.body_kind == BodyKind.WATER_BOARD:
        return None
    if case.in_body_territory is not None:
        return case.in_body_territory
    if not (case.residence_province.strip() and case.body_province.strip()):
        return None
    if not same_province(case.residence_province, case.body_province):
        return False
    return True if case.body_kind == BodyKind.PROVINCE else None


def lives_in_territory_or_exempt(case: CaseFacts, *, exemption_offices: frozenset[str]) -> Finding:
    """Version B: a home in the body's territory, or elsewhere with an exemption (gedeputeerde)."""
    rule, article = "lives_in_territory_or_exempt", ARTICLE_TERRITORY
    in_territory = territory_fact(case)
    if in_territory is None and case.body_kind == BodyKind.WATER_BOARD:
        listed = case.residence_town.strip().casefold() in {town.casefold() for town in case.area_towns}
        return _needs_assessor(
            rule,
            article,
            _("We will check that your home lies in the area of the water board."),
            _("The town is on the list of the water board's area: confirm the home lies in it.")
            if listed
            else _("A water board's area does not follow provincial borders: confirm whether the home lies in it."),
        )
    if in_territory:
        return _met(
            rule, article, _("Your home lies in the territory of your body."), _("Home in the body's province.")
        )
    if case.has_residence_exemption and case.office in exemption_offices:
        return _met(
            rule,
            article,
            _("Your home lies elsewhere, and you have an exemption from the residence requirement."),
            _("Home outside the province with a residence exemption."),
        )
    if case.has_residence_exemption:
        # Whether other offices can get an exemption is unconfirmed (SCHEME.md §6.1): a person judges it.
        return _needs_assessor(
            rule,
            article,
            _("We will check whether your exemption from the residence requirement counts for this scheme."),
            _("Exemption stated for an office the regulation does not name: judge whether it applies."),
        )
    if in_territory is None:
        return _needs_assessor(
            rule,
            article,
            _("We will check where your home lies."),
            _("Not stated whether the home lies in the body's province."),
        )
    return _not_met(
        rule,
        article,
        _("The scheme covers a home in the territory of your body, unless you have an exemption."),
        _("Home outside the body's province without exemption."),
        Reason.OUTSIDE_TERRITORY,
    )


def has_valid_pkvw_certificate(case: CaseFacts, *, version: str, pkvw_policy: str) -> Finding:
    """A valid Politiekeurmerk Veilig Wonen certificate on the application date.

    Required for version A. For B the legal wording is unconfirmed; `pkvw_policy` decides.
    """
    rule = "has_valid_pkvw_certificate"
    article = ARTICLE_VERSION_A if version == SchemeVersion.BASIC_PACKAGE else ARTICLE_VERSION_B
    required = version == SchemeVersion.BASIC_PACKAGE or pkvw_policy == PkvwPolicy.REQUIRED
    valid = case.pkvw_valid_until is not None and case.pkvw_valid_until >= case.application_date
    if valid:
        return _met(
            rule, article, _("Your PKVW certificate is valid."), _("PKVW certificate valid on the application date.")
        )
    if version == SchemeVersion.TAILORED_ADVICE and pkvw_policy == PkvwPolicy.NOT_REQUIRED:
        return _met(rule, article, _("No PKVW certificate is needed."), _("PKVW not required for version B."))
    if not required:
        return _needs_assessor(
            rule,
            article,
            _("We will check whether a Politiekeurmerk Veilig Wonen certificate is needed for your home."),
            _("No valid PKVW certificate; judge whether the advice assumes one."),
        )
    return _not_met(
        rule,
        article,
        _(
            "A valid Politiekeurmerk Veilig Wonen certificate is needed. Reaching that level is at your own "
            "expense; send the certificate when you have it."
        ),
        _("No PKVW certificate valid on the application date."),
        Reason.NO_PKVW,
    )


# -- what ---------------------------------------------------------------------
def is_in_basic_package(line: Line) -> Finding:
    """Version A covers only the five measure types of the basic package."""
    rule, article = "is_in_basic_package", ARTICLE_VERSION_A
    if line.measure in BASIC_PACKAGE:
        return _met(
            rule, article, _("This measure is in the basic package."), _("Measure in the package."), line.position
        )
    return _not_met(
        rule,
        article,
        _(
            "This measure is not in the basic package (letterbox protection, window reinforcement, door viewer or "
            "video intercom, alarm base installation, safe)."
        ),
        _("Measure outside the basic package."),
        Reason.NOT_IN_PACKAGE,
        line.position,
    )


def is_within_cap(case: CaseFacts, *, package_cents: int) -> Finding:
    """Version A: at most EUR 2,400 incl. VAT per residence, counting earlier reimbursements there."""
    rule, article = "is_within_cap", ARTICLE_VERSION_A
    remaining = max(0, VERSION_A_CAP_CENTS - case.earlier_reimbursed_cents)
    figures = {
        "requested": format_euros(package_cents),
        "earlier": format_euros(case.earlier_reimbursed_cents),
        "remaining": format_euros(remaining),
    }
    sources = "".join(f" {item.describe()}." for item in case.earlier)
    if package_cents <= remaining:
        return _met(
            rule,
            article,
            _("The amount fits within the EUR 2,400 for this residence."),
            _("%(requested)s requested, %(earlier)s earlier for this residence, %(remaining)s remaining.") % figures
            + sources,
        )
    return _not_met(
        rule,
        article,
        _(
            "The scheme pays at most EUR 2,400 including VAT per residence, including earlier reimbursements. "
            "For this residence %(remaining)s remains."
        )
        % figures,
        _("%(requested)s requested, %(earlier)s earlier for this residence, only %(remaining)s remaining.") % figures
        + sources,
        Reason.ABOVE_CAP,
    )


def grant_stays_within_cap(granted_cents: int, counted_elsewhere_cents: int) -> bool:
    """Version A: this grant plus every other grant standing or proposed for the same residence ≤ EUR 2,400.

    Stcrt. 2020, 49908 (cap per residence incl. VAT). Checked at proposal, decision and approval,
    so two applications for one home can never together exceed it.
    """
    return granted_cents + counted_elsewhere_cents <= VERSION_A_CAP_CENTS


def cap_remaining_cents(used_cents: int) -> int:
    """What is left of the EUR 2,400 for a residence once `used_cents` are granted there (Stcrt. 2020, 49908)."""
    return max(0, VERSION_A_CAP_CENTS - used_cents)


def matches_advice_line(line: Line, advice_lines: tuple[str, ...]) -> Finding:
    """Version B: the employer provides what the adopted security advice lists, nothing else."""
    rule, article = "matches_advice_line", ARTICLE_ADVICE
    linked = advice_line_for(line.advice_link, advice_lines)
    if linked:
        return _met(
            rule,
            article,
            _("This measure is in your security advice."),
            _("Linked by the assessor to the advice line “%(advice)s”.") % {"advice": linked},
            line.position,
        )
    wanted = _normalise(line.description)
    if wanted and any(_normalise(advice) == wanted for advice in advice_lines):
        return _met(
            rule, article, _("This measure is in your security advice."), _("Matches an advice line."), line.position
        )
    if not advice_lines:
        return _needs_assessor(
            rule,
            article,
            _("We need the adopted security advice to check this measure."),
            _("No advice lines recorded: add the advice, then compare."),
            line.position,
        )
    # Free text is matched literally only; a person compares what the words do not settle.
    return _needs_assessor(
        rule,
        article,
        _("We will compare this measure with your security advice."),
        _("No advice line with the same wording: compare by hand."),
        line.position,
    )


def allocate(amounts: list[int], available: int) -> list[int]:
    """Spread `available` cents over the amounts in order: earlier lines first, never more than asked."""
    allocated = []
    for amount in amounts:
        share = min(amount, available)
        allocated.append(share)
        available -= share
    return allocated


def _normalise(text: str) -> str:
    return " ".join(text.casefold().split())
