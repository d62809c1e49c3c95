"""Every element a beschikking needs (Awb 3:45-3:50, 4:5, 4:87; AVG art. 13), read from the story and the PDF."""

import io

import pytest
from pypdf import PdfReader

from regeling.letters.models import LetterKind
from tests.factories import ApplicationFactory
from tests.letters.helpers import letter_data, pdf_text, story_text
from worker.letters import build_story, render

pytestmark = pytest.mark.django_db


def text_of(application, kind, **kwargs) -> str:
    return " ".join(story_text(build_story(letter_data(application, kind, **kwargs))).split())


def test_legal_basis_cites_the_regulation_article_when_the_office_is_provincial(full_case):
    full_case.body.kind = "province"
    full_case.body.save()
    full_case.office = "provincial_executive"
    full_case.save(update_fields=["office"])
    text = text_of(full_case, LetterKind.DECISION)
    assert "artikel 2.3.1, tweede lid, van het Rechtspositiebesluit" in text
    assert "artikel 2.9 van de Regeling rechtspositie decentrale politieke ambtsdragers" in text


def test_legal_basis_never_cites_a_chapter_when_the_office_is_municipal(full_case):
    text = text_of(full_case, LetterKind.DECISION)
    assert "artikel 3.3.1, tweede lid" in text and "hoofdstuk 3" not in text


def test_legal_basis_follows_the_setting_when_a_body_has_confirmed_the_article(full_case, settings):
    settings.LETTER_LEGAL_BASIS = {
        **settings.LETTER_LEGAL_BASIS,
        "alderman": {"nl": "artikel 3.9 van de Regeling (bevestigd)", "en": "article 3.9 of the Regeling"},
    }
    assert "op grond van artikel 3.9 van de Regeling (bevestigd)" in text_of(full_case, LetterKind.DECISION)


def test_privacy_paragraph_names_the_data_protection_officer_of_the_body_when_set(full_case):
    full_case.body.privacy_officer_contact = "fg@teststad.example.nl, telefoon 030 123 45 67"
    full_case.body.save()
    text = text_of(full_case, LetterKind.DECISION)
    assert "Uw gegevens" in text and "Algemene verordening gegevensbescherming" in text
    assert "functionaris gegevensbescherming: fg@teststad.example.nl, telefoon 030 123 45 67" in text
    assert "7 jaar nadat uw zaak is afgesloten" in text


def test_grant_names_the_invoice_deadline_and_no_condition_of_holding_office_when_granted(full_case):
    text = text_of(full_case, LetterKind.DECISION)
    assert "uiterlijk op" in text and "Stuur ons de facturen" in text
    assert "zolang u uw ambt vervult" not in text
    assert "nog tot 6 maanden na uw laatste dag in het ambt indienen" in text
    assert "kosten die u na uw laatste dag in het ambt maakt, vergoeden wij niet" in text


def test_version_b_grant_does_not_make_the_quote_a_cap_when_granted(full_case):
    text = text_of(full_case, LetterKind.DECISION)
    conditions = text.split("Voorwaarden", 1)[1]
    assert "tot ten hoogste het toegekende bedrag" not in conditions
    assert "beslissen wij op uw verzoek apart over het verschil" in conditions


def test_settlement_states_the_payment_term_and_no_recovery_clause_when_settled(full_case):
    text = text_of(full_case, LetterKind.SETTLEMENT)
    assert "binnen zes weken na de datum van dit besluit" in text and "artikel 4:87, eerste lid" in text
    assert "terugvorderen" not in text


def test_full_refusal_explains_its_own_reason_when_refused_for_another_reason(full_case):
    full_case.outcome = "refuse"
    full_case.save(update_fields=["outcome"])
    full_case.lines.update(granted_cents=0, settled_cents=None, reason_code="other")
    text = text_of(full_case, LetterKind.DECISION)
    assert "Wij wijzen uw aanvraag af om de reden die hieronder staat." in text
    assert "Voor een deel van de maatregelen" not in text


def test_not_processed_cites_article_4_5_and_shows_no_amounts_when_written(full_case):
    story = build_story(letter_data(full_case, LetterKind.NOT_PROCESSED))
    text = " ".join(story_text(story).split())
    assert "artikel 4:5, eerste lid, onder c, van de Algemene wet bestuursrecht" in text
    assert not any(hasattr(flowable, "_cellvalues") for flowable in story)
    assert "€" not in text


def test_body_runs_as_de_gemeente_in_a_sentence_when_named_gemeente(officeholder):
    officeholder.body.name = "Gemeente Súdwest-Fryslân"
    officeholder.body.save()
    application = ApplicationFactory(applicant=officeholder, in_assessment=True)
    text = text_of(application, LetterKind.RECEIPT)
    assert "contact op met de gemeente Súdwest-Fryslân" in text


def test_euro_sign_and_amount_are_joined_by_a_no_break_space_when_shown(full_case):
    raw = story_text(build_story(letter_data(full_case, LetterKind.DECISION)))
    assert "€\u00a0450,00" in raw and "€ 450,00" not in raw


def test_english_pages_have_an_english_footer_and_the_same_legal_content_when_english_is_chosen(full_case):
    pdf = render(letter_data(full_case, LetterKind.DECISION, language="en"))
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    assert "pagina 1 van" in pages[0] and "kenmerk" in pages[0]
    assert f"page {len(pages)} of {len(pages)}" in pages[-1] and "reference" in pages[-1]
    english = " ".join(" ".join(pages).partition("English translation")[2].split())
    for element in ("Legal basis", "article 3.3.1(2)", "Your data", "data protection officer", "Objection"):
        assert element in english


def test_every_page_of_the_pdf_is_marked_confidential_when_rendered(full_case):
    pdf = render(letter_data(full_case, LetterKind.DECISION, language="en"))
    assert all("Vertrouwelijk" in page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_privacy_paragraph_is_in_the_pdf_of_the_settlement_when_rendered(full_case):
    text = " ".join(pdf_text(render(letter_data(full_case, LetterKind.SETTLEMENT))).split())
    assert "Uw gegevens" in text and "artikel 4:87" in text
