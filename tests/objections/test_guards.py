"""Each guard of the decision on objection, one test each, named after its article."""

from datetime import timedelta

import pytest
from django.utils import timezone

from regeling.core.exceptions import TransitionRefused
from regeling.objections import services
from regeling.objections.models import BodyObjectionSettings, Objection
from regeling.objections.states import ObjectionOutcome, ObjectionStatus
from tests.objections.cases import ANSWERED, lodged, lodged_and_heard, skipped, unfounded

pytestmark = pytest.mark.django_db


def test_decision_refused_without_motivation_awb_7_12(refused_case, handler):
    objection = lodged_and_heard(refused_case, handler)
    with pytest.raises(TransitionRefused, match="7:12"):
        unfounded(objection, handler, motivation=" ")


def test_decision_refused_when_a_ground_is_not_answered_awb_7_12(refused_case, handler):
    objection = lodged_and_heard(refused_case, handler)
    with pytest.raises(TransitionRefused, match="answer each one"):
        services.decide_objection(
            objection.pk,
            by=handler,
            outcome=ObjectionOutcome.UNFOUNDED,
            motivation="Nee.",
            grounds=[("De kluis staat in het advies.", "")],
        )


def test_skipped_hearing_for_a_full_grant_does_not_fit_an_unfounded_decision_awb_7_3(refused_case, handler):
    objection = skipped(lodged(refused_case), handler, reason="fully_granted")
    with pytest.raises(TransitionRefused, match="7:3"):
        unfounded(objection, handler)


def test_hearing_cannot_be_skipped_without_an_explanation_awb_7_3(refused_case, handler):
    objection = lodged(refused_case)
    with pytest.raises(TransitionRefused, match="Explain"):
        services.skip_hearing(objection.pk, by=handler, reason="waived", note=" ")


def test_founded_decision_refused_when_no_amount_changes_awb_7_11(refused_case, handler):
    objection = lodged_and_heard(refused_case, handler)
    with pytest.raises(TransitionRefused, match="founded changes at least one amount"):
        services.decide_objection(
            objection.pk, by=handler, outcome=ObjectionOutcome.FOUNDED, motivation="Ja.", grounds=ANSWERED
        )


def test_changed_amount_needs_its_own_motivation_awb_7_11(refused_case, handler):
    objection = lodged_and_heard(refused_case, handler)
    line = refused_case.lines.get()
    with pytest.raises(TransitionRefused, match="motivation per changed measure"):
        services.decide_objection(
            objection.pk,
            by=handler,
            outcome=ObjectionOutcome.FOUNDED,
            motivation="Ja.",
            grounds=ANSWERED,
            revised={line.pk: (45_000, " ")},
        )


def test_amount_above_what_was_requested_is_refused_awb_7_11(refused_case, handler):
    objection = lodged_and_heard(refused_case, handler)
    line = refused_case.lines.get()
    with pytest.raises(TransitionRefused, match="between nothing and what was requested"):
        services.decide_objection(
            objection.pk,
            by=handler,
            outcome=ObjectionOutcome.FOUNDED,
            motivation="Ja.",
            grounds=ANSWERED,
            revised={line.pk: (45_001, "Meer.")},
        )


@pytest.fixture
def committee_body(body):
    return BodyObjectionSettings.objects.create(body=body, advisory_committee=True)


def test_term_is_twelve_weeks_when_the_body_has_an_advisory_committee_awb_7_10(committee_body, refused_case):
    objection = lodged(refused_case)
    assert objection.committee
    assert objection.decision_due - objection.term_ended_on >= timedelta(weeks=12)


def test_decision_refused_until_the_committee_advice_is_recorded_awb_7_13(committee_body, refused_case, handler):
    objection = lodged_and_heard(refused_case, handler)
    with pytest.raises(TransitionRefused, match="7:13"):
        unfounded(objection, handler)
    with pytest.raises(TransitionRefused, match="7:13"):
        services.record_advice(objection.pk, by=handler, advice="Gegrond verklaren.", followed=False)
    services.record_advice(
        objection.pk,
        by=handler,
        advice="Gegrond verklaren.",
        followed=False,
        departure="Het advies noemt de kluis niet.",
    )
    unfounded(objection, handler)
    assert Objection.objects.get(pk=objection.pk).status == ObjectionStatus.DECIDED


def test_advice_cannot_be_recorded_without_a_committee_awb_7_13(refused_case, handler):
    objection = lodged(refused_case)
    with pytest.raises(TransitionRefused, match="no advisory committee"):
        services.record_advice(objection.pk, by=handler, advice="Iets.", followed=True)


def test_second_objection_against_a_decided_one_is_refused_and_points_to_the_court_awb_7_1(refused_case, handler):
    objection = lodged_and_heard(refused_case, handler)
    unfounded(objection, handler)
    with pytest.raises(TransitionRefused, match="appeal to the court"):
        lodged(refused_case)


def test_registered_objection_cannot_predate_the_decision(refused_case, handler):
    with pytest.raises(TransitionRefused, match="before the decision"):
        services.lodge_objection(
            refused_case.pk,
            by=handler,
            grounds="x",
            received_on=timezone.localdate() - timedelta(days=30),
            channel="post",
        )
