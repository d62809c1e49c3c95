"""Every rule on its boundaries. Rules are pure: these tests need no database."""

from dataclasses import replace
from datetime import date

import pytest

from regeling.accounts.models import BodyKind, Office
from regeling.schemes import rules
from regeling.schemes.checks import scheme_settings_are_known
from regeling.schemes.evaluation import CaseFacts, Line, Policy, Verdict, evaluate
from regeling.schemes.reasons import Reason
from regeling.schemes.rules import FindingStatus, PkvwPolicy
from regeling.schemes.versions import Measure, SchemeVersion

MET, NOT_MET, NEEDS_ASSESSOR = FindingStatus.MET, FindingStatus.NOT_MET, FindingStatus.NEEDS_ASSESSOR

CASE_A = CaseFacts(
    office=Office.ALDERMAN,
    body_kind=BodyKind.MUNICIPALITY,
    body_province="Utrecht",
    application_date=date(2023, 6, 1),
    appointment_certain_on=date(2022, 4, 1),
    term_ends_on=date(2026, 3, 31),
    is_main_residence=True,
    pkvw_valid_until=date(2025, 1, 1),
    lines=(Line(1, Measure.LETTERBOX_SECURITY, 40_000),),
)
CASE_B = replace(
    CASE_A,
    application_date=date(2024, 6, 1),
    is_main_residence=None,
    in_body_territory=True,
    advice_lines=("Camera bij de voordeur",),
    lines=(Line(1, Measure.ADVICE_LINE, 300_000, "camera bij de voordeur"),),
)


def package(*amounts: int) -> tuple[Line, ...]:
    return tuple(Line(n, Measure.FIRE_BURGLAR_SAFE, cents) for n, cents in enumerate(amounts, start=1))


# -- office (Rechtspositiebesluit 2.3.1(2), 3.3.1(2), 4.3.1(2); Regeling 2.9) ----------------------
@pytest.mark.parametrize(
    ("kind", "office"),
    [
        (BodyKind.MUNICIPALITY, Office.MAYOR),
        (BodyKind.MUNICIPALITY, Office.ALDERMAN),
        (BodyKind.PROVINCE, Office.KINGS_COMMISSIONER),
        (BodyKind.PROVINCE, Office.PROVINCIAL_EXECUTIVE),
        (BodyKind.WATER_BOARD, Office.WATER_BOARD_CHAIR),
        (BodyKind.WATER_BOARD, Office.WATER_BOARD_EXECUTIVE),
    ],
)
def test_office_met_when_executive_office_of_its_body(kind, office):
    assert rules.holds_eligible_office(replace(CASE_A, body_kind=kind, office=office)).status == MET


@pytest.mark.parametrize(
    ("kind", "office", "words"),
    [
        (BodyKind.MUNICIPALITY, Office.COUNCIL_MEMBER, "Council members"),
        (BodyKind.PROVINCE, Office.PROVINCIAL_COUNCIL_MEMBER, "Provincial Council"),
        (BodyKind.WATER_BOARD, Office.WATER_BOARD_MEMBER, "general board"),
        (BodyKind.MUNICIPALITY, Office.CIVIL_SERVANT, "Civil servants"),
    ],
)
def test_office_not_met_with_its_own_reason_when_role_is_not_eligible(kind, office, words):
    finding = rules.holds_eligible_office(replace(CASE_A, body_kind=kind, office=office))
    assert finding.status == NOT_MET
    assert finding.reason == Reason.NOT_ELIGIBLE_OFFICE
    assert words in finding.applicant_text


def test_office_not_met_when_office_belongs_to_another_kind_of_body():
    finding = rules.holds_eligible_office(replace(CASE_A, body_kind=BodyKind.PROVINCE, office=Office.MAYOR))
    assert finding.status == NOT_MET


def test_office_finding_cites_the_article_of_the_body():
    finding = rules.holds_eligible_office(
        replace(CASE_A, body_kind=BodyKind.PROVINCE, office=Office.KINGS_COMMISSIONER)
    )
    assert "2.9" in finding.article


def test_nothing_eligible_when_role_is_not_eligible():
    evaluation = evaluate(replace(CASE_A, office=Office.COUNCIL_MEMBER))
    assert evaluation.verdict == Verdict.NOT_MET
    assert evaluation.eligible_total_cents == 0


# -- term of office ----------------------------------------------------------------------------------
def test_term_met_on_the_day_the_appointment_becomes_certain():
    case = replace(CASE_A, application_date=date(2022, 4, 1))
    assert rules.is_within_term(case).status == MET


def test_term_not_met_the_day_before_the_appointment_is_certain():
    finding = rules.is_within_term(replace(CASE_A, application_date=date(2022, 3, 31)))
    assert finding.status == NOT_MET and finding.reason == Reason.OUTSIDE_TERM


def test_term_met_on_the_last_day_in_office():
    assert rules.is_within_term(replace(CASE_A, application_date=date(2026, 3, 31))).status == MET


def test_term_met_when_application_follows_the_term_within_the_claim_window():
    finding = rules.is_within_term(replace(CASE_A, application_date=date(2026, 4, 1)), claim_window_months=6)
    assert finding.status == MET and "2026-09-30" in finding.applicant_text


def test_term_not_met_when_application_comes_after_the_claim_window():
    finding = rules.is_within_term(replace(CASE_A, application_date=date(2026, 10, 1)), claim_window_months=6)
    assert finding.status == NOT_MET and finding.reason == Reason.CLAIM_WINDOW_PASSED


def test_term_needs_assessor_when_appointment_date_unknown():
    assert rules.is_within_term(replace(CASE_A, appointment_certain_on=None)).status == NEEDS_ASSESSOR


def test_term_met_when_no_end_date_is_known():
    assert rules.is_within_term(replace(CASE_A, term_ends_on=None)).status == MET


# -- scheme version (Stcrt. 2020, 49908 and 2023, 28233) -----------------------------------------------
def test_version_a_on_31_december_2023():
    evaluation = evaluate(replace(CASE_A, application_date=date(2023, 12, 31)))
    assert evaluation.scheme_version == SchemeVersion.BASIC_PACKAGE


def test_version_b_on_1_january_2024():
    evaluation = evaluate(replace(CASE_A, application_date=date(2024, 1, 1)))
    assert evaluation.scheme_version == SchemeVersion.TAILORED_ADVICE


def test_version_not_met_before_the_scheme_started():
    assert rules.scheme_version(replace(CASE_A, application_date=date(2020, 12, 31))).status == NOT_MET


def test_version_override_met_when_it_has_a_reason():
    case = replace(CASE_B, scheme_version=SchemeVersion.BASIC_PACKAGE, scheme_version_reason="Kosten in 2023 gemaakt.")
    assert rules.scheme_version(case).status == MET
    assert evaluate(case).scheme_version == SchemeVersion.BASIC_PACKAGE


def test_version_override_needs_assessor_without_reason():
    case = replace(CASE_B, scheme_version=SchemeVersion.BASIC_PACKAGE)
    assert rules.scheme_version(case).status == NEEDS_ASSESSOR


# -- residence -----------------------------------------------------------------------------------------
def test_main_residence_not_met_when_home_is_not_the_main_residence():
    finding = rules.is_main_residence(replace(CASE_A, is_main_residence=False))
    assert finding.status == NOT_MET and finding.reason == Reason.NOT_MAIN_RESIDENCE


def test_main_residence_needs_assessor_when_unknown():
    assert rules.is_main_residence(replace(CASE_A, is_main_residence=None)).status == NEEDS_ASSESSOR


def test_territory_met_when_home_in_the_province_of_a_provincial_body():
    case = replace(CASE_B, body_kind=BodyKind.PROVINCE, in_body_territory=None, residence_province="utrecht ")
    assert rules.lives_in_territory_or_exempt(case, exemption_offices=frozenset()).status == MET


def test_territory_needs_the_assessor_when_a_municipal_home_only_shares_the_province():
    case = replace(CASE_B, in_body_territory=None, residence_province="Utrecht")
    assert rules.lives_in_territory_or_exempt(case, exemption_offices=frozenset()).status == NEEDS_ASSESSOR


@pytest.mark.parametrize(
    ("typed", "recorded"),
    [
        ("Friesland", "Fryslân"),
        ("provincie Fryslân", "Friesland"),
        ("Brabant", "Noord-Brabant"),
        ("NOORD BRABANT", "Noord-Brabant"),
    ],
)
def test_same_province_whatever_the_spelling_regeling_2_9(typed, recorded):
    assert rules.same_province(typed, recorded)


def test_typed_province_never_overrides_the_recorded_fact_regeling_2_9():
    case = replace(CASE_B, body_kind=BodyKind.PROVINCE, in_body_territory=True, residence_province="Gelderland")
    assert rules.lives_in_territory_or_exempt(case, exemption_offices=frozenset()).status == MET


def test_water_board_area_is_never_a_province_comparison_regeling_2_9():
    case = replace(
        CASE_B,
        office=Office.WATER_BOARD_CHAIR,
        body_kind=BodyKind.WATER_BOARD,
        in_body_territory=True,
        residence_province="Utrecht",
    )
    assert rules.lives_in_territory_or_exempt(case, exemption_offices=frozenset()).status == NEEDS_ASSESSOR


def test_water_board_area_is_met_when_the_assessor_confirmed_it_regeling_2_9():
    case = replace(CASE_B, office=Office.WATER_BOARD_CHAIR, body_kind=BodyKind.WATER_BOARD, territory_confirmed=True)
    assert rules.lives_in_territory_or_exempt(case, exemption_offices=frozenset()).status == MET


def test_water_board_assessor_is_pointed_at_the_area_list_when_the_town_is_on_it():
    case = replace(
        CASE_B,
        office=Office.WATER_BOARD_CHAIR,
        body_kind=BodyKind.WATER_BOARD,
        residence_town="Sneek",
        area_towns=("Súdwest-Fryslân", "Sneek"),
    )
    finding = rules.lives_in_territory_or_exempt(case, exemption_offices=frozenset())
    assert finding.status == NEEDS_ASSESSOR and "list of the water board's area" in finding.assessor_text


def test_territory_not_met_when_home_elsewhere_without_exemption():
    case = replace(CASE_B, in_body_territory=None, residence_province="Gelderland")
    finding = rules.lives_in_territory_or_exempt(case, exemption_offices=frozenset())
    assert finding.status == NOT_MET and finding.reason == Reason.OUTSIDE_TERRITORY


def test_territory_met_when_gedeputeerde_has_an_exemption():
    case = replace(
        CASE_B,
        body_kind=BodyKind.PROVINCE,
        office=Office.PROVINCIAL_EXECUTIVE,
        in_body_territory=False,
        has_residence_exemption=True,
    )
    assert rules.lives_in_territory_or_exempt(case, exemption_offices=Policy().exemption_offices).status == MET


def test_territory_needs_assessor_when_other_office_has_an_exemption():
    case = replace(CASE_B, in_body_territory=False, has_residence_exemption=True)
    finding = rules.lives_in_territory_or_exempt(case, exemption_offices=Policy().exemption_offices)
    assert finding.status == NEEDS_ASSESSOR


def test_version_a_does_not_ask_for_the_territory():
    evaluation = evaluate(replace(CASE_A, in_body_territory=False))
    assert "lives_in_territory_or_exempt" not in {finding.rule for finding in evaluation.findings}
    assert evaluation.verdict == Verdict.MET


# -- PKVW certificate ------------------------------------------------------------------------------------
def test_pkvw_met_when_valid_on_the_application_date():
    case = replace(CASE_A, pkvw_valid_until=CASE_A.application_date)
    assert rules.has_valid_pkvw_certificate(case, version="A", pkvw_policy=PkvwPolicy.ASSESSOR).status == MET


def test_pkvw_not_met_for_version_a_when_expired_the_day_before():
    case = replace(CASE_A, pkvw_valid_until=date(2023, 5, 31))
    finding = rules.has_valid_pkvw_certificate(case, version="A", pkvw_policy=PkvwPolicy.NOT_REQUIRED)
    assert finding.status == NOT_MET and finding.reason == Reason.NO_PKVW


@pytest.mark.parametrize(
    ("policy", "status"),
    [(PkvwPolicy.ASSESSOR, NEEDS_ASSESSOR), (PkvwPolicy.REQUIRED, NOT_MET), (PkvwPolicy.NOT_REQUIRED, MET)],
)
def test_pkvw_for_version_b_follows_the_policy_when_no_certificate(policy, status):
    case = replace(CASE_B, pkvw_valid_until=None)
    assert rules.has_valid_pkvw_certificate(case, version="B", pkvw_policy=policy).status == status


def test_pkvw_for_version_b_needs_assessor_by_default(settings):
    assert settings.SCHEME_B_PKVW_POLICY == PkvwPolicy.ASSESSOR
    evaluation = evaluate(replace(CASE_B, pkvw_valid_until=None))
    assert evaluation.verdict == Verdict.NEEDS_ASSESSOR


# -- basic package and cap (version A) -----------------------------------------------------------------------
def test_package_not_met_for_a_measure_outside_the_five():
    finding = rules.is_in_basic_package(Line(2, Measure.ADVICE_LINE, 10_000, "camera"))
    assert finding.status == NOT_MET and finding.reason == Reason.NOT_IN_PACKAGE and finding.line == 2


def test_cap_met_at_exactly_2400_euros():
    evaluation = evaluate(replace(CASE_A, lines=package(240_000)))
    assert evaluation.verdict == Verdict.MET
    assert evaluation.eligible_total_cents == 240_000


def test_cap_not_met_at_2400_euros_and_one_cent():
    evaluation = evaluate(replace(CASE_A, lines=package(240_001)))
    cap = next(finding for finding in evaluation.findings if finding.rule == "is_within_cap")
    assert cap.status == NOT_MET and cap.reason == Reason.ABOVE_CAP
    assert evaluation.eligible_total_cents == 240_000
    assert evaluation.verdict == Verdict.PARTLY_MET


def test_cap_counts_earlier_reimbursements_for_the_same_residence():
    evaluation = evaluate(replace(CASE_A, earlier_reimbursed_cents=200_000, lines=package(30_000, 30_000)))
    assert [line.eligible_cents for line in evaluation.lines] == [30_000, 10_000]


def test_cap_is_fresh_for_a_new_residence_after_a_move():
    # After a move, nothing was reimbursed yet for the new home: the full EUR 2,400 is available again.
    evaluation = evaluate(replace(CASE_A, earlier_reimbursed_cents=0, lines=package(240_000)))
    assert evaluation.eligible_total_cents == 240_000


def test_nothing_eligible_when_cap_already_used_for_this_residence():
    evaluation = evaluate(replace(CASE_A, earlier_reimbursed_cents=240_000, lines=package(1)))
    assert evaluation.eligible_total_cents == 0 and evaluation.verdict == Verdict.NOT_MET


def test_lines_outside_the_package_get_nothing_and_do_not_use_the_cap():
    lines = (Line(1, Measure.ADVICE_LINE, 100_000, "camera"), Line(2, Measure.FIRE_BURGLAR_SAFE, 240_000))
    evaluation = evaluate(replace(CASE_A, lines=lines))
    assert [line.eligible_cents for line in evaluation.lines] == [0, 240_000]


def test_allocate_gives_earlier_lines_first():
    assert rules.allocate([100, 200, 300], 250) == [100, 150, 0]


# -- advice lines (version B) ---------------------------------------------------------------------------------
def test_advice_met_when_description_matches_a_line_ignoring_case_and_spaces():
    line = Line(1, Measure.ADVICE_LINE, 10_000, "  CAMERA bij de   voordeur")
    assert rules.matches_advice_line(line, ("Camera bij de voordeur",)).status == MET


def test_advice_needs_assessor_when_no_line_has_the_same_wording():
    line = Line(1, Measure.ADVICE_LINE, 10_000, "rolluiken")
    assert rules.matches_advice_line(line, ("Camera bij de voordeur",)).status == NEEDS_ASSESSOR


def test_advice_needs_assessor_when_no_advice_is_recorded():
    assert rules.matches_advice_line(Line(1, Measure.ADVICE_LINE, 10_000, "camera"), ()).status == NEEDS_ASSESSOR


def test_version_b_has_no_cap():
    case = replace(CASE_B, pkvw_valid_until=date(2030, 1, 1), earlier_reimbursed_cents=240_000)
    evaluation = evaluate(case)
    assert evaluation.verdict == Verdict.MET
    assert evaluation.eligible_total_cents == 300_000


def test_system_check_fails_when_the_pkvw_policy_is_unknown(settings):
    settings.SCHEME_B_PKVW_POLICY = "sometimes"
    assert [error.id for error in scheme_settings_are_known(None)] == ["schemes.E001"]


def test_system_check_fails_when_an_exemption_office_is_unknown(settings):
    settings.SCHEME_RESIDENCE_EXEMPTION_OFFICES = ["wethouder"]
    assert [error.id for error in scheme_settings_are_known(None)] == ["schemes.E002"]


def test_system_check_passes_with_the_defaults():
    assert scheme_settings_are_known(None) == []


def test_grant_stays_within_cap_when_it_reaches_exactly_2400_with_what_counts_elsewhere():
    assert rules.grant_stays_within_cap(90_000, 150_000)


def test_grant_exceeds_cap_when_one_cent_more_than_2400_counts_for_the_residence():
    assert not rules.grant_stays_within_cap(90_001, 150_000)


def test_cap_remaining_is_zero_not_negative_when_more_than_2400_was_used():
    assert (rules.cap_remaining_cents(250_000), rules.cap_remaining_cents(100_000)) == (0, 140_000)


def test_unmatched_advice_line_counts_zero_and_is_to_be_assessed_regeling_2_9_3():
    case = replace(CASE_B, lines=(*CASE_B.lines, Line(2, Measure.ADVICE_LINE, 50_000, "hek rond de tuin")))
    evaluation = evaluate(case, Policy(version_b_pkvw=PkvwPolicy.NOT_REQUIRED))
    matched, unmatched = evaluation.lines
    assert (matched.eligible_cents, matched.to_be_assessed) == (300_000, False)
    assert (unmatched.eligible_cents, unmatched.to_be_assessed) == (0, True)
    assert evaluation.verdict == Verdict.NEEDS_ASSESSOR


def test_only_unmatched_lines_need_the_assessor_and_are_not_refused_regeling_2_9_3():
    case = replace(CASE_B, lines=(Line(1, Measure.ADVICE_LINE, 50_000, "hek rond de tuin"),))
    evaluation = evaluate(case, Policy(version_b_pkvw=PkvwPolicy.NOT_REQUIRED))
    assert evaluation.eligible_total_cents == 0 and evaluation.verdict == Verdict.NEEDS_ASSESSOR
