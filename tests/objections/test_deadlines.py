"""The term for the decision on objection (Awb 7:10) over Atw holidays, with a repair request and an extension."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from regeling.applications.deadlines import Suspension
from regeling.applications.models import Application
from regeling.core.exceptions import TransitionRefused
from regeling.letters.models import Letter, LetterKind
from regeling.objections import deadlines, services
from regeling.objections.models import Objection
from tests.objections.cases import lodged

TERM_ENDED = date(2026, 11, 13)  # a Friday; six weeks later is Christmas Day


def test_six_weeks_from_the_day_after_the_objection_term_moved_past_christmas_atw_1():
    # 25 December 2026 (Friday) and 26 December are holidays, the 27th a Sunday.
    assert deadlines.decision_due(TERM_ENDED, date(2026, 11, 2)) == date(2026, 12, 28)


def test_twelve_weeks_with_an_advisory_committee_awb_7_10_1():
    assert deadlines.decision_due(TERM_ENDED, date(2026, 11, 2), committee=True) == date(2027, 2, 5)


def test_repair_request_suspends_the_term_until_repaired_and_new_year_moves_it_awb_7_10_2():
    repair = Suspension(requested_on=date(2026, 11, 20), deadline=date(2026, 12, 4), completed_on=date(2026, 11, 27))
    # 25 December + 7 suspended days = 1 January 2027 (holiday), then a weekend: Monday 4 January.
    assert deadlines.decision_due(TERM_ENDED, date(2026, 11, 2), suspensions=[repair]) == date(2027, 1, 4)


def test_unanswered_repair_request_suspends_until_its_deadline_awb_7_10_2():
    repair = Suspension(requested_on=date(2026, 11, 20), deadline=date(2026, 12, 4))
    assert deadlines.decision_due(TERM_ENDED, date(2026, 11, 2), suspensions=[repair]) == date(2027, 1, 8)


def test_extension_adds_six_weeks_once_awb_7_10_3():
    assert deadlines.decision_due(TERM_ENDED, date(2026, 11, 2), extended=True) == date(2027, 2, 5)


def test_term_ending_on_good_friday_does_not_move_atw_3():
    assert deadlines.decision_due(date(2027, 2, 12), date(2027, 2, 1)) == date(2027, 3, 26)


def test_term_ending_on_liberation_day_moves_past_ascension_day_to_the_next_working_day_atw_3():
    # 5 May 2027 (Liberation Day) is followed by Ascension Day on 6 May.
    assert deadlines.decision_due(date(2027, 3, 24), date(2027, 3, 1)) == date(2027, 5, 7)


def test_late_objection_term_counts_from_the_day_after_receipt():
    assert deadlines.is_late(TERM_ENDED, date(2026, 11, 20))
    assert deadlines.decision_due(TERM_ENDED, date(2026, 11, 20)) == date(2027, 1, 1) + timedelta(days=3)


def test_objection_before_the_letter_was_sent_is_not_late_and_counts_from_a_full_term_awb_6_10():
    assert not deadlines.is_late(None, date(2026, 11, 2))
    # As if sent on the day of receipt: term ends 14 December, decision six weeks later (25 Jan 2027).
    assert deadlines.decision_due(None, date(2026, 11, 2)) == date(2027, 1, 25)


@pytest.mark.django_db
def test_repair_request_moves_the_due_date_on_the_work_list(refused_case, handler):
    objection = lodged(refused_case, refused_case.applicant)
    due = objection.decision_due
    assert Application.objects.get(pk=refused_case.pk).decision_due_on == due
    services.request_repair(
        objection.pk,
        by=handler,
        message="Onderteken uw bezwaarschrift.",
        deadline=timezone.localdate() + timedelta(days=14),
    )
    objection.refresh_from_db()
    assert objection.decision_due > due
    assert Application.objects.get(pk=refused_case.pk).decision_due_on == objection.decision_due


@pytest.mark.django_db
def test_extension_is_announced_with_a_letter_and_only_once_awb_7_10_3(refused_case, handler):
    objection = lodged(refused_case, refused_case.applicant)
    due = objection.decision_due
    services.extend_term(objection.pk, by=handler, reason="Wij wachten op het advies van de Beveiligingsautoriteit.")
    objection.refresh_from_db()
    assert objection.decision_due >= due + timedelta(weeks=6)
    assert Letter.objects.filter(objection_link__objection=objection, kind=LetterKind.OBJECTION_EXTENSION).count() == 1
    with pytest.raises(TransitionRefused, match="already extended once"):
        services.extend_term(objection.pk, by=handler, reason="Nog eens.")


@pytest.mark.django_db
def test_objection_shows_as_overdue_with_a_penalty_after_a_notice_of_default_awb_4_17(refused_case, handler):
    objection = lodged(refused_case, refused_case.applicant)
    long_ago = timezone.localdate() - timedelta(weeks=20)
    Letter.objects.filter(application=refused_case).update(sent_at=timezone.now() - timedelta(weeks=20))
    Objection.objects.filter(pk=objection.pk).update(term_ended_on=long_ago, received_on=long_ago)
    objection.refresh_from_db()
    assert objection.is_overdue
    services.record_default_notice(objection.pk, by=handler, received_on=objection.decision_due + timedelta(days=1))
    objection.refresh_from_db()
    assert objection.penalty_cents > 0
