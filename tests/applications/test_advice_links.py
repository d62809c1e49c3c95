"""Version B, the advice decides (Regeling art. 2.9(3)): each granted line is linked to an advice line,
and a grant below the advice is motivated per line (Awb 3:46, 3:50); the letter states it per line."""

import pytest
from django.urls import reverse

from regeling.applications import services
from regeling.applications.services import TransitionRefused
from regeling.applications.states import Outcome, Status
from regeling.letters.models import LetterKind
from tests.applications.cases import MOTIVATION
from tests.factories import ApplicationFactory
from tests.letters.helpers import pdf_text
from worker.tasks import render_letter

pytestmark = pytest.mark.django_db
ADVICE = "Camerasysteem bij de entree\nBrievenbus buiten de woning"
WHY = "De offerte rekent vier camera's; het advies schrijft er twee voor."


@pytest.fixture
def case_b(officeholder):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True, advice_contents=ADVICE, lines=[45_000])
    application.lines.update(description="Camera voordeur")
    return application


def decide(application, assessor, outcome=Outcome.GRANT, cents=45_000, link=None, **facts):
    line = application.lines.get()
    return services.decide_application(
        application.pk,
        by=assessor,
        outcome=outcome,
        motivation=MOTIVATION,
        granted={line.pk: (cents, "other" if cents < line.requested_cents else "")},
        links={line.pk: link} if link else None,
        **facts,
    )


def test_grant_is_refused_for_a_line_in_no_line_of_the_advice(case_b, assessor):
    with pytest.raises(TransitionRefused, match="matches no line of the adopted security advice"):
        decide(case_b, assessor)


def test_line_is_granted_once_the_assessor_links_it_to_an_advice_line(case_b, assessor):
    application = decide(case_b, assessor, link=("Camerasysteem bij de entree", ""))
    assert application.status == Status.DECIDED
    assert application.lines.get().advice_line == "Camerasysteem bij de entree"


def test_link_to_a_text_that_is_no_line_of_the_advice_is_refused(case_b, assessor):
    with pytest.raises(TransitionRefused, match="not a line of the adopted advice"):
        decide(case_b, assessor, link=("Rolluiken", ""))


def test_grant_below_the_advice_is_refused_without_a_motivation_for_the_line(case_b, assessor):
    with pytest.raises(TransitionRefused, match="3:50"):
        decide(
            case_b,
            assessor,
            Outcome.PARTIAL,
            20_000,
            link=("Camerasysteem bij de entree", " "),
            views_exception="4:12",
            views_not_needed_reason="Financieel, in bezwaar te herstellen.",
        )


def test_decision_letter_states_the_advice_line_and_the_motivation_per_line(case_b, assessor, second_assessor):
    decide(
        case_b,
        assessor,
        Outcome.PARTIAL,
        20_000,
        link=("Camerasysteem bij de entree", WHY),
        views_exception="4:12",
        views_not_needed_reason="Financieel, in bezwaar te herstellen.",
    )
    application = services.approve_decision(case_b.pk, by=second_assessor)
    letter = application.letters.get(kind=LetterKind.DECISION)
    render_letter(letter.pk)
    letter.refresh_from_db()
    with letter.pdf.open("rb") as handle:
        text = " ".join(pdf_text(handle.read()).split())
    assert "volgt uit de regel “Camerasysteem bij de entree” van het advies" in text
    assert WHY in text and "3:50" in text


def test_assessor_links_the_line_in_the_case_file_form(as_user, case_b, assessor):
    line = case_b.lines.get()
    response = as_user(assessor).post(
        reverse("review:act", args=[case_b.public_id, "decide"]),
        {
            "decide-outcome": Outcome.GRANT,
            "decide-motivation": MOTIVATION,
            f"decide-amount_{line.pk}": "450,00",
            f"decide-reason_{line.pk}": "",
            f"decide-advice_{line.pk}": "Camerasysteem bij de entree",
            f"decide-advice_why_{line.pk}": "",
        },
    )
    case_b.refresh_from_db()
    assert response.status_code == 302 and case_b.status == Status.DECIDED


def test_case_file_form_names_the_missing_link_and_keeps_what_was_typed(as_user, case_b, assessor):
    line = case_b.lines.get()
    response = as_user(assessor).post(
        reverse("review:act", args=[case_b.public_id, "decide"]),
        {
            "decide-outcome": Outcome.GRANT,
            "decide-motivation": "Mijn getypte motivering.",
            f"decide-amount_{line.pk}": "450,00",
            f"decide-advice_{line.pk}": "",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Link this measure to a line of the advice" in page or "regel van het advies" in page
    assert "Mijn getypte motivering." in page
