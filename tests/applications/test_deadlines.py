"""Legal deadlines: Awb 4:13-4:15, 4:5(4), 6:7-6:8, 4:17 and the Algemene termijnenwet. Pure date arithmetic."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from regeling.applications import deadlines, services
from regeling.applications.deadlines import Suspension
from regeling.applications.models import InformationRequest
from tests.factories import ApplicationFactory

RECEIVED = date(2024, 1, 8)  # a Monday; eight weeks later is Monday 4 March 2024


def test_decision_due_eight_weeks_after_receipt_awb_4_13():
    assert deadlines.decision_due(RECEIVED) == date(2024, 3, 4)


def test_suspension_runs_from_the_day_after_the_request_until_completion_awb_4_15():
    request = Suspension(requested_on=date(2024, 1, 15), deadline=date(2024, 1, 29), completed_on=date(2024, 1, 22))
    assert request.days == 7
    assert deadlines.decision_due(RECEIVED, [request]) == date(2024, 3, 11)


def test_suspension_runs_until_the_deadline_when_never_completed_awb_4_15():
    request = Suspension(requested_on=date(2024, 1, 15), deadline=date(2024, 1, 29))
    assert deadlines.decision_due(RECEIVED, [request]) == date(2024, 3, 18)


def test_suspension_ends_at_the_deadline_when_completed_late_awb_4_15():
    request = Suspension(requested_on=date(2024, 1, 15), deadline=date(2024, 1, 29), completed_on=date(2024, 2, 5))
    assert request.days == 14


def test_nothing_suspended_when_completed_on_the_day_of_the_request():
    assert Suspension(date(2024, 1, 15), date(2024, 1, 29), completed_on=date(2024, 1, 15)).days == 0


def test_suspensions_add_up_when_information_is_requested_twice():
    first = Suspension(date(2024, 1, 15), date(2024, 1, 29), completed_on=date(2024, 1, 18))
    second = Suspension(date(2024, 2, 1), date(2024, 2, 15), completed_on=date(2024, 2, 5))
    assert deadlines.decision_due(RECEIVED, [first, second]) == date(2024, 3, 11)


def test_suspension_counts_29_february_in_a_leap_year():
    assert Suspension(date(2024, 2, 27), date(2024, 3, 1)).days == 3
    assert Suspension(date(2023, 2, 27), date(2023, 3, 1)).days == 2


def test_decision_due_on_29_february_in_a_leap_year():
    assert deadlines.decision_due(date(2024, 1, 4)) == date(2024, 2, 29)


def test_decision_due_on_a_saturday_moves_to_monday_atw_1():
    assert deadlines.decision_due(date(2024, 1, 6)) == date(2024, 3, 4)


def test_extension_announced_in_time_on_the_last_day_awb_4_14():
    assert deadlines.extension_announced_in_time(RECEIVED, date(2024, 3, 4))


def test_extension_not_in_time_the_day_after_the_term_awb_4_14():
    assert not deadlines.extension_announced_in_time(RECEIVED, date(2024, 3, 5))


def test_extension_in_time_counts_the_suspension_awb_4_14():
    request = Suspension(date(2024, 1, 15), date(2024, 1, 29), completed_on=date(2024, 1, 22))
    assert deadlines.extension_announced_in_time(RECEIVED, date(2024, 3, 11), [request])


def test_extended_date_becomes_the_due_date_awb_4_14():
    assert deadlines.decision_due(RECEIVED, extended_until=date(2024, 4, 15)) == date(2024, 4, 15)


def test_extension_never_shortens_the_term():
    assert deadlines.decision_due(RECEIVED, extended_until=date(2024, 2, 1)) == date(2024, 3, 4)


def test_suspension_before_the_extension_is_not_counted_twice():
    request = Suspension(date(2024, 1, 15), date(2024, 1, 29), completed_on=date(2024, 1, 22))
    assert deadlines.decision_due(RECEIVED, [request], extended_until=date(2024, 4, 15)) == date(2024, 4, 15)


def test_not_processed_due_four_weeks_after_the_completion_deadline_awb_4_5():
    assert deadlines.not_processed_due(date(2024, 1, 29)) == date(2024, 2, 26)


def test_not_processed_due_on_a_saturday_moves_to_monday_awb_4_5():
    assert deadlines.not_processed_due(date(2024, 2, 3)) == date(2024, 3, 4)


def test_objection_term_six_weeks_from_the_day_after_sending_awb_6_8():
    # Sent Monday 5 Feb: the term starts Tuesday 6 Feb and its last day is Monday 18 March.
    assert deadlines.objection_term_ends(date(2024, 2, 5)) == date(2024, 3, 18)


def test_objection_term_ending_on_saturday_moves_to_monday_atw_1():
    assert deadlines.objection_term_ends(date(2024, 1, 20)) == date(2024, 3, 4)


def test_objection_term_ending_on_sunday_moves_to_monday_atw_1():
    assert deadlines.objection_term_ends(date(2024, 1, 21)) == date(2024, 3, 4)


def test_objection_term_ending_on_good_friday_does_not_move_atw_3():
    assert deadlines.objection_term_ends(date(2024, 2, 16)) == date(2024, 3, 29)  # Good Friday 2024


def test_objection_term_ending_on_5_may_moves_also_outside_a_lustrum_year_atw_3():
    assert deadlines.objection_term_ends(date(2026, 3, 24)) == date(2026, 5, 6)


@pytest.mark.parametrize(
    ("sent_on", "ends"),
    [
        (date(2024, 2, 19), date(2024, 4, 2)),  # Easter Monday 1 April 2024
        (date(2023, 3, 16), date(2023, 4, 28)),  # King's Day 27 April 2023
        (date(2024, 3, 28), date(2024, 5, 10)),  # Ascension Day 9 May 2024
        (date(2024, 4, 8), date(2024, 5, 21)),  # Whit Monday 20 May 2024
        (date(2024, 11, 13), date(2024, 12, 27)),  # Christmas Day and Boxing Day 2024
        (date(2024, 11, 20), date(2025, 1, 2)),  # New Year's Day 2025
    ],
)
def test_objection_term_ending_on_a_public_holiday_moves_to_the_next_working_day_atw_1(sent_on, ends):
    assert deadlines.objection_term_ends(sent_on) == ends


def test_objection_term_ends_on_29_february_in_a_leap_year():
    assert deadlines.objection_term_ends(date(2024, 1, 18)) == date(2024, 2, 29)
    assert deadlines.objection_term_ends(date(2023, 1, 18)) == date(2023, 3, 1)


def test_days_left_is_negative_when_overdue():
    assert deadlines.days_left(date(2024, 3, 4), date(2024, 3, 6)) == -2


DUE = date(2024, 3, 4)
NOTICE = date(2024, 3, 5)  # penalties start two weeks later, on 19 March


@pytest.mark.parametrize(
    ("today", "cents"),
    [
        (date(2024, 3, 19), 0),
        (date(2024, 3, 20), 2_300),
        (date(2024, 4, 2), 14 * 2_300),
        (date(2024, 4, 3), 14 * 2_300 + 3_500),
        (date(2024, 4, 16), 14 * 2_300 + 14 * 3_500),
        (date(2024, 4, 17), 14 * 2_300 + 14 * 3_500 + 4_500),
        (date(2024, 4, 30), 144_200),
        (date(2024, 12, 31), 144_200),
    ],
)
def test_penalty_grows_per_block_and_stops_at_1442_euros_awb_4_17(today, cents):
    assert deadlines.penalty_cents(DUE, NOTICE, today) == cents


def test_no_penalty_when_notice_came_before_the_term_ran_out_awb_4_17():
    assert deadlines.penalty_cents(DUE, DUE, date(2024, 12, 31)) == 0


def test_no_penalty_without_notice_of_default_awb_4_17():
    assert deadlines.penalty_cents(DUE, None, date(2024, 12, 31)) == 0


@pytest.mark.django_db
def test_penalty_owed_stays_after_the_decision_and_stops_growing_awb_4_17(officeholder):
    received = timezone.localdate() - timedelta(weeks=20)
    due = deadlines.decision_due(received)
    decided = datetime.combine(
        due + timedelta(days=15 + 14), datetime.min.time(), tzinfo=timezone.get_current_timezone()
    )
    application = ApplicationFactory(
        applicant=officeholder,
        submitted=True,
        received_on=received,
        default_notice_received_on=due + timedelta(days=1),
        decided_at=decided,
    )
    assert application.penalty_cents == 14 * 2_300


EXTENDED_ON, EXTENDED_UNTIL = date(2024, 3, 1), date(2024, 4, 15)
LATER_REQUEST = Suspension(date(2024, 3, 5), date(2024, 3, 19), completed_on=date(2024, 3, 12))


def test_request_after_the_extension_suspends_the_extended_term_awb_4_15_with_4_14():
    due = deadlines.decision_due(RECEIVED, [LATER_REQUEST], EXTENDED_UNTIL, EXTENDED_ON)
    assert due == date(2024, 4, 22)  # seven days suspended


def test_request_made_on_the_day_of_the_extension_counts_as_known_when_the_date_was_chosen():
    same_day = Suspension(EXTENDED_ON, date(2024, 3, 15), completed_on=date(2024, 3, 8))
    assert deadlines.decision_due(RECEIVED, [same_day], EXTENDED_UNTIL, EXTENDED_ON) == EXTENDED_UNTIL


def test_extended_term_plus_suspension_ending_on_a_holiday_moves_to_the_next_working_day_atw_1():
    # 15 April + 12 days = Saturday 27 April (King's Day): the term ends Monday 29 April.
    request = Suspension(date(2024, 3, 5), date(2024, 3, 19), completed_on=date(2024, 3, 17))
    assert deadlines.decision_due(RECEIVED, [request], EXTENDED_UNTIL, EXTENDED_ON) == date(2024, 4, 29)


def test_penalty_runs_from_the_suspended_extended_date_when_a_request_followed_the_extension_awb_4_17():
    due = deadlines.decision_due(RECEIVED, [LATER_REQUEST], EXTENDED_UNTIL, EXTENDED_ON)
    # A notice between the announced date and the suspended one is premature: nothing is owed.
    assert deadlines.penalty_cents(due, date(2024, 4, 19), date(2024, 6, 30)) == 0
    # A notice after it: the penalty runs from two weeks after the notice (23 April + 14 days).
    assert deadlines.penalty_cents(due, date(2024, 4, 23), date(2024, 5, 8)) == 1 * 2_300


@pytest.mark.django_db
def test_case_due_date_adds_a_request_made_after_its_extension(officeholder, assessor):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True)
    today = timezone.localdate()
    application.received_on = today - timedelta(days=20)
    application.save()
    services.announce_extension(application.pk, by=assessor, until=today + timedelta(days=60), reason="Advies BVA.")
    application.refresh_from_db()
    assert application.extended_on == today
    InformationRequest.objects.create(
        application=application,
        message="Stuur de offerte.",
        requested_on=today + timedelta(days=1),
        deadline=today + timedelta(days=15),
        completed_on=today + timedelta(days=8),
        requested_by=assessor,
    )
    application.save()
    assert application.decision_due_on == deadlines.next_working_day_from(today + timedelta(days=67))
