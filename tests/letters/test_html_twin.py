"""The HTML twin of a letter: the same words in the same order as the PDF, on a page for the
addressee and the body's assessors, and as the assessor's preview of a draft decision."""

import html
import io
import re

import pikepdf
import pytest
from django.urls import reverse

from regeling.applications.letterhtml import letter_html
from regeling.applications.states import Outcome, Status
from regeling.letters.models import Letter, LetterKind
from tests.factories import ApplicationFactory, AssessorFactory, OfficeholderFactory
from tests.helpers import sign_in
from tests.letters.helpers import letter_data
from tests.letters.test_accessible_pdf import NAMES
from tests.review.test_actions import decision_data
from worker.letters import render
from worker.letters.checks import structure_text
from worker.tasks import render_letter

pytestmark = pytest.mark.django_db


def html_words(markup: str) -> list[str]:
    return html.unescape(re.sub(r"<[^>]+>", " ", markup)).split()


def pdf_words(pdf: bytes) -> list[str]:
    """The words as assistive technology reads the PDF; a list bullet (Lbl) is a label, not a word."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return " ".join(text for role, text in structure_text(document) if role != "Lbl").split()


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("kind", list(LetterKind))
def test_html_and_pdf_have_the_same_words_in_the_same_order_when_any_kind_is_rendered(
    kind, language, full_case, assessor
):
    data = letter_data(full_case, kind, author=assessor, language=language)

    assert html_words(letter_html(data)) == pdf_words(render(data))


def test_html_and_pdf_have_the_same_words_when_the_name_has_every_script(body):
    applicant = OfficeholderFactory(body=body, first_name=" ".join(NAMES), last_name="")
    data = letter_data(ApplicationFactory(applicant=applicant, in_assessment=True), LetterKind.RECEIPT)

    assert html_words(letter_html(data)) == pdf_words(render(data))


@pytest.fixture
def sent_letter(officeholder):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True, with_reasoning=True)
    letter = Letter.objects.create(application=application, kind=LetterKind.DECISION)
    render_letter(letter.pk)
    return Letter.objects.get(pk=letter.pk)


def test_addressee_reads_the_letter_as_html_with_the_pdf_beside_it_when_sent(client, officeholder, sent_letter):
    sign_in(client, officeholder)
    response = client.get(reverse("letters:read", args=[sent_letter.public_id]))
    page = response.content.decode()

    assert response.status_code == 200
    assert "<h1>Besluit op uw aanvraag voor beveiligingsmaatregelen</h1>" in page
    assert '<th scope="col">Maatregel</th>' in page and '<th scope="row">Totaal</th>' in page
    assert reverse("letters:download", args=[sent_letter.public_id]) in page


def test_case_page_links_the_html_letter_when_a_letter_is_sent(client, officeholder, sent_letter):
    sign_in(client, officeholder)
    page = client.get(reverse("applications:detail", args=[sent_letter.application.public_id])).content.decode()

    assert reverse("letters:read", args=[sent_letter.public_id]) in page


@pytest.mark.parametrize("who", ["other_officeholder", "other_body_assessor"])
def test_html_letter_is_not_found_when_reader_is_not_addressee_or_body_assessor(client, who, sent_letter):
    sign_in(client, OfficeholderFactory() if who == "other_officeholder" else AssessorFactory())

    assert client.get(reverse("letters:read", args=[sent_letter.public_id])).status_code == 404


def test_preview_shows_the_draft_letter_and_issues_nothing_when_assessor_previews(client, assessor, officeholder):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True, lines=[40_000, 20_000])
    letters_before = list(application.letters.all())  # the receipt
    sign_in(client, assessor)
    data = decision_data(application, Outcome.PARTIAL, ["400,00", "100,00"], ["", "above_cap"])
    response = client.post(reverse("review:preview_decision", args=[application.public_id]), data)
    page = response.content.decode().replace("\u00a0", " ")  # letters join € and the amount

    application.refresh_from_db()
    assert response.status_code == 200
    assert "Wij kennen uw aanvraag gedeeltelijk toe: € 500,00 van de aangevraagde € 600,00" in page
    assert "Getoetst aan het advies." in page and "<h5>Besluit op uw aanvraag" in page
    assert application.status == Status.ASSESSMENT and list(application.letters.all()) == letters_before


def test_preview_shows_the_form_errors_when_the_draft_is_invalid(client, assessor, officeholder):
    application = ApplicationFactory(applicant=officeholder, in_assessment=True, lines=[40_000, 20_000])
    sign_in(client, assessor)
    data = decision_data(application, Outcome.GRANT, ["400,00", "100,00"])
    response = client.post(reverse("review:preview_decision", args=[application.public_id]), data)

    assert response.status_code == 400 and response.context["forms"]["decide"].errors
    assert "letter-preview" not in response.content.decode()
