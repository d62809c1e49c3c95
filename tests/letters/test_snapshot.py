"""A letter says what was decided when it was decided: it renders only from the snapshot
frozen in the decision's transaction, whatever happened to the case before the worker got to it."""

import hashlib

import pytest
from django.db import connection
from django.urls import reverse

from regeling.applications import services
from regeling.applications.letterdata import letter_data_of
from regeling.applications.models import Application
from regeling.core import frozen
from regeling.letters import outbox
from regeling.letters.models import Letter, LetterKind, LetterStatus
from tests.applications import cases
from tests.factories import invoices
from tests.helpers import sign_in
from tests.letters.helpers import letter_data
from worker.letters import LetterData, render
from worker.letters.data import letter_query
from worker.tasks import render_letter


def render_now(letter_id: int) -> bytes:
    """A render from the case as it is at this moment (what the letter showed before snapshots)."""
    return render(LetterData.from_letter(letter_query().get(pk=letter_id)))


def change_everything_the_workflow_allows(application, applicant, assessor):
    """Objection lodged and decided (partly founded: € 300), invoices and settlement, the
    decision reissued, and the officeholder's name, language and home address and the body's
    contact details changed, all before the worker renders the first decision letter."""
    objection = cases.objection_lodged(application, applicant)
    cases.founded_objection(objection, 30_000, peius_ground="Artikel 7:11 Awb: de offerte bleek onjuist.")
    line = application.lines.get()
    services.submit_settlement(application.pk, by=applicant, **invoices({line.pk: 30_000}))
    services.settle_application(application.pk, by=assessor)
    objection_letter = application.letters.get(kind=LetterKind.OBJECTION_DECISION)
    render_letter(objection_letter.pk)
    outbox.reissue_letter(objection_letter.pk, by=assessor)
    applicant.first_name, applicant.last_name, applicant.preferred_language = "Wanda", "Verhuisd", "en"
    applicant.save()
    moved = {"address_line": "Nieuwe Laan 9", "postcode": "9999 ZZ", "city": "Elders"}
    Application.objects.filter(pk=application.pk).update(**moved)
    body = application.body
    body.contact_phone, body.name = "0800-0000", "Gemeente Heringedeeld"
    body.save()


@pytest.fixture
def decided(officeholder, assessor):
    """A case granted in full (€ 1.000), its decision letter pending, and a render made at decision time."""
    application = cases.granted(officeholder, assessor, lines=[100_000])
    letter = application.letters.get(kind=LetterKind.DECISION)
    return application, letter, render_now(letter.pk)


def test_late_render_is_byte_identical_to_the_render_at_decision_time_when_the_case_changed_meanwhile(
    decided, officeholder, assessor
):
    application, letter, at_decision = decided
    change_everything_the_workflow_allows(application, officeholder, assessor)
    assert render_now(letter.pk) != at_decision  # the case now reads differently

    render_letter(letter.pk)

    letter.refresh_from_db()
    assert letter.status == LetterStatus.RENDERED
    assert letter.sha256 == hashlib.sha256(at_decision).hexdigest()


def test_html_twin_shows_the_decision_as_decided_when_the_case_changed_before_rendering(
    client, decided, officeholder, assessor
):
    application, letter, _ = decided
    change_everything_the_workflow_allows(application, officeholder, assessor)
    render_letter(letter.pk)
    sign_in(client, officeholder)

    page = client.get(reverse("letters:read", args=[letter.public_id])).content.decode()

    assert "Wim de Wethouder" in page and "Verhuisd" not in page and "Nieuwe Laan" not in page


def test_snapshot_is_written_with_the_decision_when_a_letter_is_issued(decided):
    _, letter, _ = decided

    assert letter_data_of(letter) == LetterData.from_letter(letter_query().get(pk=letter.pk))


def test_snapshot_column_holds_no_readable_personal_data_when_stored(decided):
    _, letter, _ = decided
    with connection.cursor() as cursor:
        cursor.execute("SELECT snapshot FROM letters_letter WHERE id = %s", [letter.pk])
        (raw,) = cursor.fetchone()

    assert raw and "Wethouder" not in raw and "@dataclass" not in raw


@pytest.mark.parametrize("kind", LetterKind.values)
def test_letter_data_round_trips_exactly_when_frozen_for_any_kind(full_case, assessor, kind):
    data = letter_data(full_case, kind, author=assessor)

    assert frozen.loads(frozen.dumps(data)) == data


def test_freezing_refuses_a_class_from_outside_the_project_when_a_snapshot_names_one():
    with pytest.raises(ValueError):
        frozen.loads('{"@dataclass": "subprocess:Popen", "fields": {}}')


def test_letter_without_snapshot_is_read_from_the_case_when_made_before_snapshots(full_case):
    letter = Letter.objects.create(application=full_case, kind=LetterKind.DECISION)

    assert letter_data_of(letter) == LetterData.from_letter(letter)


def test_objection_letter_snapshot_holds_the_objection_when_issued(decided, officeholder):
    application, _, _ = decided
    objection = cases.objection_lodged(application, officeholder)
    cases.founded_objection(objection, 30_000, peius_ground="Artikel 7:11 Awb: de offerte bleek onjuist.")

    letter = application.letters.get(kind=LetterKind.OBJECTION_DECISION)

    assert letter_data_of(letter).objection.revised_lines[0].revised_cents == 30_000
