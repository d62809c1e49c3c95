"""Entitlement follows the costs: invoice dates against the term, the claim window after it (docs/rules.md)."""

from dataclasses import replace
from datetime import date

from regeling.accounts.models import BodyKind, Office
from regeling.schemes import rules
from regeling.schemes.evaluation import CaseFacts, Line, Policy, evaluate
from regeling.schemes.reasons import Reason
from regeling.schemes.rules import FindingStatus
from regeling.schemes.versions import Measure

CASE = CaseFacts(
    office=Office.ALDERMAN,
    body_kind=BodyKind.MUNICIPALITY,
    application_date=date(2023, 6, 1),
    appointment_certain_on=date(2022, 4, 1),
    term_ends_on=date(2026, 3, 31),
    is_main_residence=True,
    pkvw_valid_until=date(2030, 1, 1),
    lines=(Line(1, Measure.LETTERBOX_SECURITY, 40_000),),
)


def line_on(day: date) -> Line:
    return Line(1, Measure.LETTERBOX_SECURITY, 40_000, incurred_on=day)


def test_costs_count_when_the_invoice_is_dated_on_the_last_day_in_office():
    assert rules.costs_incurred_within_term(line_on(date(2026, 3, 31)), CASE).status == FindingStatus.MET


def test_costs_are_refused_citing_the_article_when_the_invoice_is_dated_after_the_term():
    finding = rules.costs_incurred_within_term(line_on(date(2026, 4, 1)), CASE)
    assert finding.status == FindingStatus.NOT_MET and finding.reason == Reason.COSTS_OUTSIDE_TERM
    assert "3.3.1(2)" in finding.article


def test_costs_are_refused_when_the_invoice_is_dated_before_the_appointment_was_certain():
    finding = rules.costs_incurred_within_term(line_on(date(2022, 3, 31)), CASE)
    assert finding.reason == Reason.COSTS_OUTSIDE_TERM


def test_claim_window_ends_on_the_last_day_of_a_shorter_month():
    assert rules.claim_window_ends(date(2025, 8, 31), 6) == date(2026, 2, 28)


def test_invoices_count_when_sent_after_the_term_within_the_claim_window():
    case = replace(CASE, invoices_sent_on=date(2026, 9, 30))
    assert rules.invoices_within_claim_window(case, claim_window_months=6).status == FindingStatus.MET


def test_invoices_are_refused_when_sent_after_the_claim_window():
    case = replace(CASE, invoices_sent_on=date(2026, 10, 1))
    finding = rules.invoices_within_claim_window(case, claim_window_months=6)
    assert finding.status == FindingStatus.NOT_MET and finding.reason == Reason.CLAIM_WINDOW_PASSED


def test_a_line_incurred_after_the_term_counts_zero_once_the_invoices_are_in():
    case = replace(CASE, lines=(line_on(date(2026, 4, 2)),), invoices_sent_on=date(2026, 4, 3))
    assert evaluate(case, Policy()).lines[0].eligible_cents == 0


def test_a_line_incurred_in_office_and_claimed_after_the_term_counts_in_full():
    case = replace(CASE, lines=(line_on(date(2026, 3, 1)),), invoices_sent_on=date(2026, 5, 1))
    assert evaluate(case, Policy()).lines[0].eligible_cents == 40_000


def test_settling_at_the_grant_below_a_higher_invoice_is_not_settling_below_the_invoice():
    assert not rules.settles_below_invoice(granted_cents=40_000, invoiced_cents=50_000, settled_cents=40_000)


def test_settling_below_an_invoice_within_the_grant_is_settling_below_the_invoice():
    assert rules.settles_below_invoice(granted_cents=40_000, invoiced_cents=30_000, settled_cents=20_000)


def test_grant_below_the_advice_only_concerns_a_linked_line():
    assert rules.grant_below_advice(linked=True, requested_cents=500, granted_cents=400)
    assert not rules.grant_below_advice(linked=False, requested_cents=500, granted_cents=0)


def test_advice_line_is_met_when_the_assessor_linked_a_differently_worded_measure():
    line = Line(1, Measure.ADVICE_LINE, 40_000, "Camera voordeur", advice_link="Camerasysteem bij de entree")
    finding = rules.matches_advice_line(line, ("Camerasysteem bij de entree",))
    assert finding.status == FindingStatus.MET
