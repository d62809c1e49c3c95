"""Version A's EUR 2,400 per residence holds across every standing grant and every pending proposal
(Stcrt. 2020, 49908), for the same home however its address is written."""

import pytest

from regeling.applications import services
from regeling.applications.findings import cap_counted_elsewhere_cents, reimbursed_cents_for_residence
from regeling.applications.services import TransitionRefused
from regeling.applications.states import Outcome, Status
from regeling.earlier import services as earlier_services
from regeling.letters.models import LetterKind
from tests.applications.cases import MOTIVATION, version_a
from tests.earlier.files import dutch_csv, row
from tests.factories import ApplicationFactory
from tests.letters.helpers import letter_data, story_text
from worker.letters import build_story

pytestmark = pytest.mark.django_db


def grant(application, assessor):
    return services.decide_application(application.pk, by=assessor, outcome=Outcome.GRANT, motivation=MOTIVATION)


def test_proposal_awaiting_approval_counts_against_the_cap_when_another_application_is_decided(officeholder, assessor):
    first = version_a(officeholder, 150_000)
    grant(first, assessor)  # above the four-eyes amount: a proposal, not yet a decision
    first.refresh_from_db()
    assert first.status == Status.AWAITING_APPROVAL
    second = version_a(officeholder, 95_000, postcode="3511ab", address_line="Lindelaan 12 A")
    with pytest.raises(TransitionRefused, match="exceeds the EUR 2,400 for this residence"):
        grant(second, assessor)
    second.refresh_from_db()
    assert second.status == Status.ASSESSMENT


def test_decision_within_the_remainder_passes_when_a_proposal_is_pending_for_the_home(officeholder, assessor):
    grant(version_a(officeholder, 150_000), assessor)
    second = grant(version_a(officeholder, 90_000, address_line="Lindelaan 12a"), assessor)
    assert second.status == Status.DECIDED


def test_approval_is_refused_when_a_grant_for_the_home_was_recorded_after_the_proposal(
    officeholder, assessor, second_assessor, coordinator
):
    first = version_a(officeholder, 150_000)
    grant(first, assessor)
    # A grant recorded outside this case's proposal: an earlier reimbursement of EUR 1,000 imported later.
    earlier = dutch_csv([row(email=officeholder.email, number="12-a", addition="", amount="1.000,00")])
    run = earlier_services.check_file(earlier, body_id=coordinator.body_id, by=coordinator)
    earlier_services.confirm_import(run.pk, by=coordinator)
    earlier_services.run_import(run.pk)
    with pytest.raises(TransitionRefused, match="exceeds the EUR 2,400"):
        services.approve_decision(first.pk, by=second_assessor)
    first.refresh_from_db()
    assert first.status == Status.AWAITING_APPROVAL


def test_other_home_of_the_same_officeholder_does_not_count_when_the_cap_is_summed(officeholder, assessor):
    grant(version_a(officeholder, 150_000), assessor)
    elsewhere = version_a(officeholder, 240_000, postcode="1011 AA", address_line="Dam 1")
    assert cap_counted_elsewhere_cents(elsewhere) == 0


def test_version_b_is_not_capped_when_decided(officeholder, assessor):
    grant(version_a(officeholder, 240_000), assessor)
    b = ApplicationFactory(applicant=officeholder, in_assessment=True, address_line="Lindelaan 12-a", lines=[90_000])
    assert grant(b, assessor).status == Status.DECIDED


def test_letter_states_earlier_grants_for_the_home_and_what_remains_when_decided(officeholder, assessor):
    grant(version_a(officeholder, 90_000), assessor)
    second = grant(version_a(officeholder, 60_000, address_line="Lindelaan 12 a"), assessor)
    assert reimbursed_cents_for_residence(second) == 90_000
    text = " ".join(story_text(build_story(letter_data(second, LetterKind.DECISION))).split())
    assert "Maximum per woning" in text
    assert "eerder € 900,00 toegekend" in text
    assert "kennen wij € 600,00 toe" in text
    assert "resteert daarna nog € 900,00" in text
