"""worker/letters/tagging.py on its own: generic flowables, splits over pages, repeated table
headers, and content whose element is not in the tree."""

import io

import pikepdf
import pytest
from reportlab.lib.pagesizes import A6
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from worker.letters import styles
from worker.letters.checks import structure_text, tagging_problems
from worker.letters.story import TABLE_STYLE
from worker.letters.tagging import COLUMN, Element, MarkedContent, MarkedContentRecorder, Tagged, TaggedTable
from worker.letters.tagging import write_structure as write

LONG = " ".join(f"woord{n}" for n in range(400))


class RecordingCanvas(Canvas):
    def __init__(self, *args, tags=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.tags = tags

    def showPage(self):  # noqa: N802 (ReportLab's name)
        super().showPage()
        self.tags.new_page()


def tagged_pdf(story, root, *, title="Proef"):
    buffer, tags = io.BytesIO(), MarkedContentRecorder()
    document = SimpleDocTemplate(buffer, pagesize=A6, invariant=1, initialFontName=styles.BODY_FONT, title=title)
    document.build(story, canvasmaker=lambda *a, **k: RecordingCanvas(*a, tags=tags, **k))
    buffer.seek(0)
    pdf = pikepdf.open(buffer)
    write(pdf, root, tags, lang="nl-NL")
    return pdf


def test_split_paragraph_is_one_element_with_a_sequence_on_each_page_when_it_spans_pages():
    root = Element("Document")
    heading, body = root.add("H1"), root.add("P")
    pdf = tagged_pdf(
        [Tagged(heading, Paragraph("Kop", styles.HEADING)), Tagged(body, Paragraph(LONG, styles.BODY))], root
    )

    assert len({kid.page for kid in body.kids if isinstance(kid, MarkedContent)}) == len(pdf.pages) > 1
    assert structure_text(pdf) == [("H1", "Kop"), ("P", LONG)]
    assert tagging_problems(pdf) == []


def test_repeated_header_row_is_an_artifact_when_the_table_spans_pages():
    root = Element("Document")
    table = root.add("Table")
    header = table.add("TR")
    rows = [[Tagged(header.add("TH", scope=COLUMN), Paragraph("Maatregel", styles.CELL_HEAD))]]
    for n in range(80):
        rows.append([Tagged(table.add("TR").add("TD"), Paragraph(f"regel {n}", styles.CELL))])
    flowable = TaggedTable(rows, repeatRows=1)
    flowable.setStyle(TABLE_STYLE)  # the letters' style: no Helvetica in the cells
    pdf = tagged_pdf([flowable], root)

    th = header.kids[0]
    assert len(pdf.pages) > 1 and len(th.kids) == 1  # read once, however many pages repeat it
    assert [text for role, text in structure_text(pdf)].count("Maatregel") == 1
    assert tagging_problems(pdf) == []


def test_writing_refuses_content_whose_element_is_not_in_the_tree_when_one_was_left_out():
    root, stray = Element("Document"), Element("P")

    with pytest.raises(ValueError, match="outside the structure tree"):
        tagged_pdf([Tagged(stray, Paragraph("Los", styles.BODY))], root)
