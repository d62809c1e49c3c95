"""Real renders: text extracted with pypdf, byte-identical output, metadata, escaped user text."""

import io
import re

import pytest
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from regeling.letters.models import LetterKind
from regeling.objections.services import OBJECTION_LETTER_KINDS
from tests.factories import ApplicationFactory, OfficeholderFactory
from tests.letters.helpers import letter_data, pdf_text
from worker.letters import render, story, styles
from worker.letters.styles import covers

pytestmark = pytest.mark.django_db


def test_render_is_a_pdf_with_letterhead_reference_and_page_numbers_when_rendered(full_case, assessor):
    data = letter_data(full_case, LetterKind.DECISION, author=assessor)
    pdf = render(data)
    text = pdf_text(pdf)

    assert pdf.startswith(b"%PDF")
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert pages >= 2
    assert "Gemeente Teststad" in text and "Postbus 1, 3500 AA Utrecht" in text
    assert data.letter_reference in text and "Wim de Wethouder" in text
    assert f"pagina 1 van {pages}" in text and f"pagina {pages} van {pages}" in text
    assert "€ 450,00" in text and "bezwaar" in text


def test_same_data_renders_byte_identical_pdfs_when_rendered_twice(full_case):
    data = letter_data(full_case, LetterKind.DECISION)

    assert render(data) == render(data)


def test_pdf_metadata_names_title_author_and_language_when_rendered(full_case):
    data = letter_data(full_case, LetterKind.DECISION)
    reader = PdfReader(io.BytesIO(render(data)))

    assert reader.metadata.title == f"Besluit {data.letter_reference}"
    assert reader.metadata.author == "Gemeente Teststad"
    assert reader.trailer["/Root"]["/Lang"] == "nl-NL"


def test_latin_script_names_render_when_name_has_diacritics(body):
    applicant = OfficeholderFactory(body=body, first_name="Zoë Ĳsbrand", last_name="Łukasik-Şahin Doğan é")
    application = ApplicationFactory(applicant=applicant, in_assessment=True)
    text = pdf_text(render(letter_data(application, LetterKind.RECEIPT)))

    for name in ("Zoë", "Ĳsbrand", "Łukasik-Şahin", "Doğan", "é"):
        assert name in text


@pytest.mark.parametrize("name", ['<img src="http://127.0.0.1:9/x">', "<b>Vet zonder einde"])
def test_markup_in_a_name_renders_literally_when_rendered(name, body):
    applicant = OfficeholderFactory(body=body, first_name=name, last_name="")
    application = ApplicationFactory(applicant=applicant, in_assessment=True)
    text = pdf_text(render(letter_data(application, LetterKind.RECEIPT)))

    assert name in re.sub(r"\s+", " ", text)


def test_markup_in_a_motivation_renders_literally_when_rendered(full_case):
    full_case.motivation = 'Zie <a href="http://127.0.0.1:9/">hier</a> & <b>let op'
    full_case.save(update_fields=["motivation"])
    text = pdf_text(render(letter_data(full_case, LetterKind.DECISION)))

    assert 'Zie <a href="http://127.0.0.1:9/">hier</a> & <b>let op' in re.sub(r"\s+", " ", text)


# The letters of an objection need an objection: tests/objections/test_letters.py renders them.
PRIMARY_KINDS = [kind for kind in LetterKind if kind not in OBJECTION_LETTER_KINDS]


@pytest.mark.parametrize("kind", PRIMARY_KINDS)
def test_every_kind_renders_in_dutch_with_its_english_translation_when_applicant_chose_english(kind, full_case):
    text = pdf_text(render(letter_data(full_case, kind, language="en")))

    assert "English translation" in text and "Dear Wim de Wethouder" in text


def test_embedded_fonts_have_a_glyph_for_every_latin_letter_when_names_use_them():
    assert covers("éëèêïöüáóúíñçåøæœß ĳĲ łŁ şŞ ğĞ ţșțăâîčšžćđőűąęńśźż €–·")
    assert not covers("中")


def plain_paragraph(value, style=styles.BODY):
    """The paragraph as ReportLab makes it without the wording caches."""
    text, has_rtl = story.markup(value, bold=style.fontName == styles.BOLD_FONT)
    return Paragraph(text, story.shaped(style) if has_rtl else style)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_cached_wording_renders_the_same_bytes_as_plain_paragraphs_when_any_letter_is_rendered(
    language, full_case, assessor, monkeypatch
):
    # A motivation long enough to be split over two pages, and a name in Arabic script.
    full_case.motivation = " ".join(["Het advies noemt de camera niet, wel het hek."] * 120)
    full_case.save(update_fields=["motivation"])
    full_case.applicant.first_name = "محمد العلي"
    full_case.applicant.save(update_fields=["first_name"])
    letters = [letter_data(full_case, kind, author=assessor, language=language) for kind in PRIMARY_KINDS]
    story.forget_wording()
    cold = [render(data) for data in letters]
    warm = [render(data) for data in reversed(letters)][::-1]
    with monkeypatch.context() as patched:
        patched.setattr(story, "paragraph", plain_paragraph)
        plain = [render(data) for data in letters]

    assert story.LINE_BREAKS
    assert cold == warm == plain
