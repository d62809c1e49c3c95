"""The decision letter of version A lists what was reimbursed earlier for the home, imported rows alike."""

from datetime import date

import pytest
from django.utils import timezone

from regeling.applications.states import Outcome, Status
from regeling.earlier import services
from regeling.letters.models import LetterKind
from regeling.schemes.versions import Measure, SchemeVersion
from tests.earlier.files import dutch_csv, row
from tests.factories import ApplicationFactory
from tests.letters.helpers import letter_data, story_text
from worker.letters import build_story

pytestmark = pytest.mark.django_db


def decided_version_a(officeholder, **fields):
    """Version A: EUR 1,400 of 2,400 for a fire and burglar safe. With a `state`, the services take it
    there (a partial grant); without, it is a draft that holds the decision, for a letter's data."""
    line = {"measure": Measure.FIRE_BURGLAR_SAFE, "requested_cents": 240_000}
    if "state" in fields:
        fields = {"decision": Outcome.PARTIAL, "grant": [140_000], **fields}
    else:
        line["granted_cents"] = 140_000
    return ApplicationFactory(
        applicant=officeholder,
        scheme_version=SchemeVersion.BASIC_PACKAGE,
        address_line="Lindelaan 12 A",
        postcode="3511 AB",
        received_on=date(2023, 6, 1),
        outcome=Outcome.PARTIAL,
        motivation="Het maximum per woning is bereikt.",
        lines=[line],
        **fields,
    )


def test_decision_letter_names_an_imported_reimbursement_with_its_source_and_date(coordinator, officeholder):
    run = services.check_file(
        dutch_csv([row(email=officeholder.email, number="12-a", addition="", on="12-03-2022", amount="1.000,00")]),
        body_id=coordinator.body_id,
        by=coordinator,
    )
    services.confirm_import(run.pk, by=coordinator)
    services.run_import(run.pk)
    text = story_text(build_story(letter_data(decided_version_a(officeholder), "decision"))).replace("\u00a0", " ")
    assert (
        "€ 1.000,00 eerder vergoed voor deze woning (overgenomen uit de administratie van de gemeente, 12 maart 2022)"
        in text
    )


def test_decision_letter_names_an_earlier_grant_in_this_system_by_its_decision(officeholder):
    earlier = decided_version_a(officeholder, state=Status.PAID, decided_at=timezone.now())
    text = story_text(build_story(letter_data(decided_version_a(officeholder), "decision"))).replace("\u00a0", " ")
    assert f"€ 1.400,00 eerder vergoed voor deze woning (besluit {earlier.reference}," in text


def test_decision_letter_of_version_b_lists_nothing_earlier(coordinator, officeholder):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True, with_reasoning=True)
    text = story_text(build_story(letter_data(application, LetterKind.DECISION)))
    assert "eerder vergoed" not in text
