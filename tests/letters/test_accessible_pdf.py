"""Every letter kind, in Dutch and with its English translation, is a tagged PDF/UA-1 and PDF/A-2
file that the machine checks pass (worker/letters/checks.py: the `pdfua` package and our own
pikepdf assertions), and the checks fail a letter with untagged text."""

import hashlib
import io
import re

import pikepdf
import pytest
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from regeling.letters.models import LetterKind
from tests.factories import ApplicationFactory, OfficeholderFactory
from tests.letters.helpers import letter_data, make_letter
from worker.letters import LetterData, checks, render, styles
from worker.letters.checks import problems_of, structure_text
from worker.letters.data import letter_query
from worker.letters.layout import render_story
from worker.letters.story import build_story
from worker.letters.tagging import Element
from worker.tasks import render_letter

pytestmark = pytest.mark.django_db

BASE14 = {"Helvetica", "Times-Roman", "Courier", "Symbol", "ZapfDingbats", "Helvetica-Bold", "Times-Bold"}
NAMES = [
    "Ólafur Þórsdóttir",
    "Łukasz Żółć",
    "Đặng Thị Ngọc",
    "Zoë \u0132sselmeer",  # Ĳ as the single character U+0132
    "Γιώργος Παπαδόπουλος",
    "Мария Иванова",
    "محمد العلي",
    "דוד לוי",
]


def structure(pdf: bytes) -> list[tuple[str, str]]:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return structure_text(document)


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("kind", list(LetterKind))
def test_checks_pass_when_any_letter_kind_is_rendered(kind, language, full_case, assessor):
    pdf = render(letter_data(full_case, kind, author=assessor, language=language))

    assert problems_of(pdf) == []


def test_checks_fail_when_a_paragraph_is_not_tagged(full_case):
    data = letter_data(full_case, LetterKind.DECISION)
    root = Element("Document")
    story = [*build_story(data, root), Paragraph("Deze alinea hoort bij geen enkel element.", styles.BODY)]

    problems = problems_of(render_story(data, story, root))

    assert any("outside marked content" in problem for problem in problems)
    assert any(problem.startswith("pdfua UA-01-003") for problem in problems)


def test_checks_fail_when_the_letter_is_not_tagged_at_all(full_case):
    problems = problems_of(render(letter_data(full_case, LetterKind.DECISION), tagged=False))

    assert "no StructTreeRoot" in problems and "no XMP metadata" in problems


def test_structure_follows_reading_order_when_letter_is_a_decision(full_case, assessor):
    roles = [role for role, _ in structure(render(letter_data(full_case, LetterKind.DECISION, author=assessor)))]

    assert roles[roles.index("H1") - 2 : roles.index("H1") + 2] == ["P", "P", "H1", "P"]
    assert roles.count("H1") == 1 and "H2" in roles
    assert roles.index("TH") < roles.index("TD") and roles.index("Lbl") < roles.index("LBody")
    assert roles[-2:] == ["P", "P"]  # the signature block closes the letter


def test_table_has_column_and_row_headers_when_letter_shows_amounts(full_case):
    pdf = render(letter_data(full_case, LetterKind.DECISION))
    with pikepdf.open(io.BytesIO(pdf)) as document:
        scopes = []

        def visit(node):
            kids = node.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    if kid.S == pikepdf.Name.TH:
                        scopes.append(str(kid.A.Scope))
                    visit(kid)

        visit(document.Root.StructTreeRoot)

    # Maatregel | Aangevraagd | Toegekend, then each of the two measures and the total.
    assert scopes == ["/Column"] * 3 + ["/Row"] * 3


def test_english_translation_is_a_part_in_english_when_applicant_chose_english(full_case):
    pdf = render(letter_data(full_case, LetterKind.DECISION, language="en"))
    with pikepdf.open(io.BytesIO(pdf)) as document:
        kids = list(document.Root.StructTreeRoot.K[0].K)
        parts = [kid for kid in kids if kid.S == pikepdf.Name.Part]
        language = str(document.Root.Metadata.read_bytes(), "utf-8")

    assert len(parts) == 1 and str(parts[0].Lang) == "en-GB"
    assert "<rdf:li>nl-NL</rdf:li><rdf:li>en-GB</rdf:li>" in language


@pytest.mark.parametrize("name", NAMES)
def test_extracted_text_equals_the_name_when_name_is_in_any_script(name, body):
    applicant = OfficeholderFactory(body=body, first_name=name, last_name="")
    application = ApplicationFactory(applicant=applicant, in_assessment=True)
    pdf = render(letter_data(application, LetterKind.RECEIPT))
    paragraphs = [text for role, text in structure(pdf) if role == "P"]

    assert f"Geachte {name}," in paragraphs
    assert paragraphs[0].startswith(f"{name} Lindelaan 12")
    assert problems_of(pdf) == []


@pytest.mark.parametrize("name", [name for name in NAMES if not any(styles.is_rtl(char) for char in name)])
def test_plain_text_extraction_finds_the_name_when_name_is_left_to_right(name, body):
    applicant = OfficeholderFactory(body=body, first_name=name, last_name="")
    application = ApplicationFactory(applicant=applicant, in_assessment=True)
    text = PdfReader(io.BytesIO(render(letter_data(application, LetterKind.RECEIPT)))).pages[0].extract_text()

    assert f"Geachte {name}," in re.sub(r"[ \t]+", " ", text)


def test_right_to_left_name_is_drawn_in_its_script_font_when_arabic(body):
    applicant = OfficeholderFactory(body=body, first_name="محمد العلي", last_name="")
    application = ApplicationFactory(applicant=applicant, in_assessment=True)
    pdf = render(letter_data(application, LetterKind.RECEIPT))
    with pikepdf.open(io.BytesIO(pdf)) as document:
        fonts = {str(font.BaseFont) for font in document.pages[0].Resources.Font.values()}

    assert any("NotoSansArabic" in font for font in fonts)


def test_every_date_is_the_letter_date_when_rendered(full_case):
    data = letter_data(full_case, LetterKind.DECISION)
    with pikepdf.open(io.BytesIO(render(data))) as document:
        created, modified = str(document.docinfo.CreationDate), str(document.docinfo.ModDate)
        with document.open_metadata() as xmp:
            xmp_created = str(xmp["xmp:CreateDate"])

    assert created == modified and created.startswith("D:" + data.letter_date.strftime("%Y%m%d") + "000000")
    assert xmp_created.startswith(data.letter_date.isoformat() + "T00:00:00")


def test_every_font_is_embedded_with_unicode_map_when_letter_has_every_script(body):
    applicant = OfficeholderFactory(body=body, first_name=" ".join(NAMES), last_name="")
    application = ApplicationFactory(applicant=applicant, in_assessment=True)
    pdf = render(letter_data(application, LetterKind.RECEIPT, language="en"))
    with pikepdf.open(io.BytesIO(pdf)) as document:
        fonts = [font for page in document.pages for font in page.Resources.Font.values()]

        assert fonts and all("/FontFile2" in font.FontDescriptor and "/ToUnicode" in font for font in fonts)
        assert not any(str(font.BaseFont).lstrip("/") in BASE14 for font in fonts)


def test_decision_letter_stays_under_100_kb_when_names_are_latin(full_case, assessor):
    # Three pages since the privacy paragraph (AVG art. 13) and the invoice deadline joined the letter.
    pdf = render(letter_data(full_case, LetterKind.DECISION, author=assessor))

    assert len(PdfReader(io.BytesIO(pdf)).pages) == 3 and len(pdf) < 100_000


def test_re_rendering_a_stored_letter_matches_its_sha256_when_the_worker_rendered_it(full_case, assessor):
    letter = make_letter(full_case, LetterKind.DECISION, author=assessor)
    render_letter(letter.pk)
    letter = letter_query().get(pk=letter.pk)

    assert hashlib.sha256(render(LetterData.from_letter(letter))).hexdigest() == letter.sha256


def test_check_command_passes_a_stored_letter_when_it_is_intact(full_case, capsys):
    letter = make_letter(full_case, LetterKind.DECISION)
    render_letter(letter.pk)

    assert checks.main([str(letter.pk)]) == 0
    assert "SHA-256 matches" in capsys.readouterr().out


def test_check_command_fails_a_file_when_it_is_not_tagged(full_case, tmp_path, capsys):
    path = tmp_path / "brief.pdf"
    path.write_bytes(render(letter_data(full_case, LetterKind.DECISION), tagged=False))

    assert checks.main([str(path)]) == 1
    assert "FAIL no StructTreeRoot" in capsys.readouterr().out
