"""Views before a (partial) refusal (Awb 4:7, 4:8): the intention states outcome, amounts and grounds."""

from datetime import timedelta

import pytest
from django.utils import timezone

from regeling.applications import services
from regeling.applications.services import TransitionRefused
from regeling.applications.states import Outcome, Status
from regeling.letters.models import LetterKind
from tests.applications.cases import MOTIVATION, in_assessment
from tests.letters.helpers import pdf_text
from worker.tasks import render_letter

pytestmark = pytest.mark.django_db


def intend(application, assessor, **kwargs):
    line = application.lines.get()
    return services.request_views(
        application.pk,
        by=assessor,
        outcome=Outcome.PARTIAL,
        motivation="De camera aan de achterzijde staat niet in het advies.",
        granted={line.pk: (20_000, "not_in_advice")},
        links={line.pk: ("Maatregel 1", "De camera aan de achterzijde valt buiten het advies.")},
        **kwargs,
    )


def test_intention_records_outcome_amounts_and_grounds_and_writes_its_letter_when_views_are_requested(
    officeholder, assessor
):
    application = intend(in_assessment(officeholder), assessor)
    assert application.status == Status.VIEWS_REQUESTED
    assert application.outcome == Outcome.PARTIAL and application.lines.get().granted_cents == 20_000
    assert application.letters.filter(kind=LetterKind.VIEWS_INTENTION).count() == 1


def test_views_deadline_defaults_to_the_setting_when_none_is_given(officeholder, assessor, settings):
    settings.VIEWS_DEADLINE_DAYS = 10
    application = intend(in_assessment(officeholder), assessor)
    assert application.views_deadline == timezone.localdate() + timedelta(days=10)


def test_views_request_is_refused_when_the_intended_outcome_is_a_full_grant(officeholder, assessor):
    application = in_assessment(officeholder)
    letters_before = list(application.letters.all())  # the receipt
    with pytest.raises(TransitionRefused, match="before a \\(partial\\) refusal"):
        services.request_views(application.pk, by=assessor, outcome=Outcome.GRANT, motivation=MOTIVATION)
    application.refresh_from_db()
    assert application.status == Status.ASSESSMENT and list(application.letters.all()) == letters_before


def test_views_request_is_refused_when_the_deadline_is_today(officeholder, assessor):
    application = in_assessment(officeholder)
    with pytest.raises(TransitionRefused, match="deadline must lie in the future"):
        intend(application, assessor, deadline=timezone.localdate())
    application.refresh_from_db()
    assert application.status == Status.ASSESSMENT


@pytest.mark.parametrize("views", ["", "  \n "])
def test_views_are_refused_when_no_text_is_given(views, officeholder, assessor):
    application = intend(in_assessment(officeholder), assessor)
    with pytest.raises(TransitionRefused, match="Write the views"):
        services.receive_views(application.pk, by=officeholder, views=views)
    application.refresh_from_db()
    assert application.status == Status.VIEWS_REQUESTED


def test_views_request_is_refused_when_the_grounds_are_missing(officeholder, assessor):
    application = in_assessment(officeholder)
    with pytest.raises(TransitionRefused, match="motivation"):
        services.request_views(application.pk, by=assessor, outcome=Outcome.REFUSE, motivation=" ")


def test_intention_pdf_says_what_is_intended_how_to_respond_and_that_the_term_runs_when_rendered(
    officeholder, assessor
):
    application = intend(in_assessment(officeholder), assessor, deadline=timezone.localdate() + timedelta(days=14))
    letter = application.letters.get(kind=LetterKind.VIEWS_INTENTION)
    render_letter(letter.pk)
    letter.refresh_from_db()
    with letter.pdf.open("rb") as handle:
        text = " ".join(pdf_text(handle.read()).split())
    assert "Voornemen tot (gedeeltelijke) weigering" in text
    assert "€ 200,00 van de aangevraagde € 450,00" in text
    assert "De camera aan de achterzijde staat niet in het advies." in text
    assert "Geef uw zienswijze" in text and "mondeling" in text
    assert "schort de beslistermijn niet op" in text


def test_oral_views_are_recorded_as_a_report_when_the_assessor_enters_them(officeholder, assessor):
    application = intend(in_assessment(officeholder), assessor)
    services.receive_views(application.pk, by=assessor, views="Telefonisch: het advies noemt het wel.", oral=True)
    application.refresh_from_db()
    assert application.status == Status.ASSESSMENT and application.views_oral
    assert application.history.filter(transition="receive_views", actor=assessor).exists()


def test_refusal_without_views_is_allowed_when_a_ground_of_4_12_is_recorded(officeholder, assessor):
    application = in_assessment(officeholder)
    services.decide_application(
        application.pk,
        by=assessor,
        outcome=Outcome.REFUSE,
        motivation=MOTIVATION,
        views_exception="4:12",
        views_not_needed_reason="Bezwaar maakt de gevolgen volledig ongedaan.",
    )
    application.refresh_from_db()
    assert application.status == Status.AWAITING_APPROVAL and application.views_exception == "4:12"


def test_refusal_without_views_is_refused_when_only_a_free_text_reason_is_given(officeholder, assessor):
    application = in_assessment(officeholder)
    with pytest.raises(TransitionRefused, match="4:7"):
        services.decide_application(
            application.pk, by=assessor, outcome=Outcome.REFUSE, motivation=MOTIVATION, views_not_needed_reason="Geen."
        )
