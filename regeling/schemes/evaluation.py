"""Evaluate a case against the rules: JSON in, JSON out, no database.

`CaseFacts` holds the facts (from an application, or from a hypothetical case in
JSON); `evaluate(case)` applies every rule of the version that applies and
works out the eligible amount per measure line. The management command
`evaluate_case`, the applicant's pre-check and the back office all use this.
Documented with examples in docs/evaluate_case.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils.translation import gettext as _

from regeling.accounts.models import BodyKind, Office

from . import rules
from .earlier import Earlier
from .rules import Finding, FindingStatus, PkvwPolicy
from .versions import VERSION_A_CAP_CENTS, Measure, SchemeVersion


class CaseError(ValueError):
    """The case's facts are malformed; the message says which one and why."""


class Verdict:
    MET = "met"  # everything requested is eligible
    PARTLY_MET = "partly_met"  # eligible, but not every amount
    NOT_MET = "not_met"  # nothing is eligible
    NEEDS_ASSESSOR = "needs_assessor"  # a person must judge at least one point


@dataclass(frozen=True)
class Line:
    position: int
    measure: str
    requested_cents: int
    description: str = ""
    # The invoice date: the day the costs were incurred (known once the invoices are in).
    incurred_on: date | None = None
    # Version B: the advice line the assessor linked this measure to.
    advice_link: str = ""


@dataclass(frozen=True)
class CaseFacts:
    office: str
    body_kind: str
    application_date: date
    body_province: str = ""
    appointment_certain_on: date | None = None
    term_ends_on: date | None = None
    # Residence facts. Version A asks for the main residence, B for the body's territory.
    is_main_residence: bool | None = None
    in_body_territory: bool | None = None
    residence_province: str = ""
    # The assessor's confirmation that the home lies in the body's territory (a water board's area).
    territory_confirmed: bool | None = None
    residence_town: str = ""
    area_towns: tuple[str, ...] = ()  # a water board's municipalities, where known (setting)
    has_residence_exemption: bool = False
    pkvw_valid_until: date | None = None
    # What was reimbursed earlier for THIS residence: after a move the new home starts at zero.
    earlier_reimbursed_cents: int = 0
    # Where that amount came from, one entry per grant or imported reimbursement (shown, not counted).
    earlier: tuple[Earlier, ...] = ()
    lines: tuple[Line, ...] = ()
    advice_lines: tuple[str, ...] = ()
    # An assessor's choice of version against the date, with the reason.
    scheme_version: str = ""
    scheme_version_reason: str = ""
    # The day the invoices came in (settlement), for the claim window after the term.
    invoices_sent_on: date | None = None

    @classmethod
    def from_json(cls, data: dict) -> CaseFacts:
        """Build a case from parsed JSON. Raises CaseError with a clear message on bad input."""
        if not isinstance(data, dict):
            raise CaseError(_("The case must be a JSON object."))
        unknown = set(data) - set(cls.__dataclass_fields__)
        if unknown:
            raise CaseError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
        office = _text(data, "office", required=True)
        if office not in Office.values:
            raise CaseError(_("Unknown office %(value)r; use one of: %(choices)s.") % _choices(office, Office))
        body_kind = _text(data, "body_kind", required=True)
        if body_kind not in BodyKind.values:
            raise CaseError(_("Unknown body_kind %(value)r; use one of: %(choices)s.") % _choices(body_kind, BodyKind))
        version = _text(data, "scheme_version")
        if version and version not in SchemeVersion.values:
            raise CaseError(_("scheme_version must be A, B or empty."))
        raw_lines = data.get("lines", [])
        if not isinstance(raw_lines, list):
            raise CaseError(_("lines must be a list."))
        advice = data.get("advice_lines", [])
        if not isinstance(advice, list) or not all(isinstance(item, str) for item in advice):
            raise CaseError(_("advice_lines must be a list of texts."))
        return cls(
            office=office,
            body_kind=body_kind,
            application_date=_date(data, "application_date", required=True),
            body_province=_text(data, "body_province"),
            appointment_certain_on=_date(data, "appointment_certain_on"),
            term_ends_on=_date(data, "term_ends_on"),
            is_main_residence=_optional_bool(data, "is_main_residence"),
            in_body_territory=_optional_bool(data, "in_body_territory"),
            residence_province=_text(data, "residence_province"),
            territory_confirmed=_optional_bool(data, "territory_confirmed"),
            residence_town=_text(data, "residence_town"),
            has_residence_exemption=bool(_optional_bool(data, "has_residence_exemption")),
            pkvw_valid_until=_date(data, "pkvw_valid_until"),
            earlier_reimbursed_cents=_cents(data.get("earlier_reimbursed_cents", 0), "earlier_reimbursed_cents"),
            lines=tuple(_line(item, position) for position, item in enumerate(raw_lines, start=1)),
            advice_lines=tuple(advice),
            scheme_version=version,
            scheme_version_reason=_text(data, "scheme_version_reason"),
            invoices_sent_on=_date(data, "invoices_sent_on"),
        )


@dataclass(frozen=True)
class Policy:
    """The readings of unconfirmed facts (SCHEME.md §6), set in settings; see docs/rules.md."""

    version_b_pkvw: str = PkvwPolicy.ASSESSOR
    exemption_offices: frozenset[str] = frozenset({Office.PROVINCIAL_EXECUTIVE})
    claim_window_months: int = 6

    @classmethod
    def from_settings(cls) -> Policy:
        return cls(
            version_b_pkvw=settings.SCHEME_B_PKVW_POLICY,
            exemption_offices=frozenset(settings.SCHEME_RESIDENCE_EXEMPTION_OFFICES),
            claim_window_months=settings.CLAIM_WINDOW_MONTHS,
        )


@dataclass(frozen=True)
class LineResult:
    position: int
    measure: str
    description: str
    requested_cents: int
    eligible_cents: int
    # Version B: no advice line matches yet; 0 eligible until the assessor links it (Regeling 2.9(3)).
    to_be_assessed: bool = False


@dataclass(frozen=True)
class Evaluation:
    scheme_version: str
    verdict: str
    findings: tuple[Finding, ...]
    lines: tuple[LineResult, ...] = field(default=())

    @property
    def requested_total_cents(self) -> int:
        return sum(line.requested_cents for line in self.lines)

    @property
    def eligible_total_cents(self) -> int:
        return sum(line.eligible_cents for line in self.lines)

    def findings_for_line(self, position: int) -> list[Finding]:
        return [finding for finding in self.findings if finding.line == position]

    def to_json(self) -> dict:
        return {
            "scheme_version": self.scheme_version,
            "verdict": self.verdict,
            "findings": [finding.to_json() for finding in self.findings],
            "lines": [
                {
                    "position": line.position,
                    "measure": line.measure,
                    "description": line.description,
                    "requested_cents": line.requested_cents,
                    "eligible_cents": line.eligible_cents,
                    "to_be_assessed": line.to_be_assessed,
                }
                for line in self.lines
            ],
            "requested_total_cents": self.requested_total_cents,
            "eligible_total_cents": self.eligible_total_cents,
        }


def evaluate(case: CaseFacts, policy: Policy | None = None) -> Evaluation:
    """Apply every rule of the applicable version; the eligible amount per line and the verdict."""
    policy = policy or Policy.from_settings()
    version = rules.chosen_version(case)
    findings = [
        rules.holds_eligible_office(case),
        rules.is_within_term(case, claim_window_months=policy.claim_window_months),
        rules.scheme_version(case),
    ]
    if version == SchemeVersion.BASIC_PACKAGE:
        findings.append(rules.is_main_residence(case))
    else:
        findings.append(rules.lives_in_territory_or_exempt(case, exemption_offices=policy.exemption_offices))
    findings.append(rules.has_valid_pkvw_certificate(case, version=version, pkvw_policy=policy.version_b_pkvw))
    blocked = any(finding.is_not_met for finding in findings)

    if version == SchemeVersion.BASIC_PACKAGE:
        line_findings = [rules.is_in_basic_package(line) for line in case.lines]
        in_package = [line for line, finding in zip(case.lines, line_findings, strict=True) if finding.is_met]
        package_cents = sum(line.requested_cents for line in in_package)
        findings += line_findings
        if in_package:
            findings.append(rules.is_within_cap(case, package_cents=package_cents))
        remaining = max(0, VERSION_A_CAP_CENTS - case.earlier_reimbursed_cents)
        shares = dict(
            zip(
                (line.position for line in in_package),
                rules.allocate([line.requested_cents for line in in_package], remaining),
                strict=True,
            )
        )
        eligible = {line.position: shares.get(line.position, 0) for line in case.lines}
    else:
        advice_findings = [rules.matches_advice_line(line, case.advice_lines) for line in case.lines]
        findings += advice_findings
        # The advice decides: only a line that matches an advice line is eligible; the others count 0
        # and are "to be assessed" until the assessor links them to an advice line.
        eligible = {
            line.position: line.requested_cents if finding.is_met else 0
            for line, finding in zip(case.lines, advice_findings, strict=True)
        }
        pending = {
            line.position
            for line, finding in zip(case.lines, advice_findings, strict=True)
            if finding.status == FindingStatus.NEEDS_ASSESSOR
        }

    # Entitlement follows the costs: once the invoices are in, each line's costs count only when
    # incurred in office, and only when the invoices came within the claim window after the term.
    if case.invoices_sent_on is not None:
        window = rules.invoices_within_claim_window(case, claim_window_months=policy.claim_window_months)
        cost_findings = [rules.costs_incurred_within_term(line, case) for line in case.lines]
        findings += [window, *cost_findings]
        for line, finding in zip(case.lines, cost_findings, strict=True):
            if finding.is_not_met or window.is_not_met:
                eligible[line.position] = 0

    if blocked:
        eligible = dict.fromkeys(eligible, 0)
    pending = set() if version == SchemeVersion.BASIC_PACKAGE or blocked else pending
    lines = tuple(
        LineResult(
            line.position,
            line.measure,
            line.description,
            line.requested_cents,
            eligible[line.position],
            line.position in pending,
        )
        for line in case.lines
    )
    return Evaluation(version, _verdict(findings, lines, blocked), tuple(findings), lines)


def _verdict(findings: list[Finding], lines: tuple[LineResult, ...], blocked: bool) -> str:
    requested = sum(line.requested_cents for line in lines)
    eligible = sum(line.eligible_cents for line in lines)
    to_be_assessed = any(line.to_be_assessed for line in lines)
    if blocked or (requested and not eligible and not to_be_assessed):
        return Verdict.NOT_MET
    if any(finding.status == FindingStatus.NEEDS_ASSESSOR for finding in findings):
        return Verdict.NEEDS_ASSESSOR
    if eligible < requested:
        return Verdict.PARTLY_MET
    return Verdict.MET


# -- parsing JSON, with messages that name the field --------------------------
def _choices(value, choices) -> dict:
    return {"value": value, "choices": ", ".join(choices.values)}


def _text(data: dict, name: str, *, required: bool = False) -> str:
    value = data.get(name)
    if value is None or value == "":
        if required:
            raise CaseError(_("%(field)s is required.") % {"field": name})
        return ""
    if not isinstance(value, str):
        raise CaseError(_("%(field)s must be a text.") % {"field": name})
    return value


def _date(data: dict, name: str, *, required: bool = False) -> date | None:
    value = _text(data, name, required=required)
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CaseError(_("%(field)s must be a date as YYYY-MM-DD.") % {"field": name}) from exc


def _optional_bool(data: dict, name: str) -> bool | None:
    value = data.get(name)
    if value is not None and not isinstance(value, bool):
        raise CaseError(_("%(field)s must be true, false or null.") % {"field": name})
    return value


def _cents(value, name: str) -> int:
    # No floats near money: amounts are whole cents.
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise CaseError(_("%(field)s must be a whole, non-negative number of cents.") % {"field": name})
    return value


def _line(item, position: int) -> Line:
    if not isinstance(item, dict):
        raise CaseError(_("Line %(position)s must be a JSON object.") % {"position": position})
    unknown = set(item) - {"measure", "description", "requested_cents", "incurred_on", "advice_link"}
    if unknown:
        raise CaseError(
            _("Line %(position)s has unknown fields: %(fields)s.")
            % {"position": position, "fields": ", ".join(sorted(unknown))}
        )
    measure = item.get("measure") or Measure.ADVICE_LINE
    if measure not in Measure.values:
        raise CaseError(
            _("Line %(position)s: unknown measure %(value)r; use one of: %(choices)s.")
            % {"position": position, **_choices(measure, Measure)}
        )
    description = item.get("description", "")
    if not isinstance(description, str):
        raise CaseError(_("Line %(position)s: description must be a text.") % {"position": position})
    advice_link = item.get("advice_link", "")
    if not isinstance(advice_link, str):
        raise CaseError(_("Line %(position)s: advice_link must be a text.") % {"position": position})
    name = f"lines[{position}].requested_cents"
    return Line(
        position,
        measure,
        _cents(item.get("requested_cents"), name),
        description,
        incurred_on=_date(item, "incurred_on"),
        advice_link=advice_link,
    )
