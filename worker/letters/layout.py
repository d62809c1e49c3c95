"""Pages: the body's letterhead, the footer with "pagina x van y", and the PDF metadata.

Output is deterministic (`invariant=1`): the same data renders byte-identical PDFs,
so a letter's SHA-256 proves which text was sent.
"""

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from . import styles
from .story import build_story

PAGE_WIDTH, PAGE_HEIGHT = A4
KIND_TITLES = {
    "receipt": "Ontvangstbevestiging",
    "information_request": "Verzoek om aanvullende gegevens",
    "extension": "Verdagingsbericht",
    "decision": "Besluit",
    "not_processed": "Besluit niet in behandeling nemen",
    "settlement": "Vaststellingsbesluit",
    "objection_decision": "Beslissing op bezwaar",
}


class NumberedCanvas(Canvas):
    """Holds every page until the end, so each footer can say how many pages there are."""

    def __init__(self, *args, footer_left: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.footer_left = footer_left
        self.held_pages = []

    def showPage(self):  # noqa: N802 (ReportLab's name)
        self.held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self.held_pages)
        for number, state in enumerate(self.held_pages, start=1):
            self.__dict__.update(state)
            self.setFont(styles.BODY_FONT, styles.FOOTER_SIZE)
            self.drawString(styles.PAGE_MARGIN_LEFT, 12 * mm, self.footer_left)
            self.drawRightString(PAGE_WIDTH - styles.PAGE_MARGIN_RIGHT, 12 * mm, f"pagina {number} van {total}")
            super().showPage()
        super().save()


class LetterTemplate(BaseDocTemplate):
    def __init__(self, buffer, data):
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=styles.PAGE_MARGIN_LEFT,
            rightMargin=styles.PAGE_MARGIN_RIGHT,
            topMargin=styles.PAGE_MARGIN_TOP,
            bottomMargin=styles.PAGE_MARGIN_BOTTOM,
            title=f"{KIND_TITLES[data.kind]} {data.letter_reference}",
            author=data.body_name,
            subject=f"Zaak {data.case_reference}",
            creator="regeling",
            lang="nl-NL",
            invariant=1,
        )
        self.data = data
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="letter", frames=[frame], onPage=self.draw_letterhead)])

    def draw_letterhead(self, canvas, doc):
        canvas.saveState()
        top = PAGE_HEIGHT - 18 * mm
        canvas.setFont(styles.BOLD_FONT, styles.LETTERHEAD_NAME_SIZE)
        canvas.drawString(styles.PAGE_MARGIN_LEFT, top, self.data.body_name)
        canvas.setFont(styles.BODY_FONT, styles.LETTERHEAD_SIZE)
        contact = " · ".join(part for part in (self.data.contact_phone, self.data.contact_email) if part)
        for offset, line in enumerate((self.data.body_postal_address, contact), start=1):
            canvas.drawString(styles.PAGE_MARGIN_LEFT, top - offset * 4.5 * mm, line)
        canvas.setLineWidth(0.5)
        canvas.line(styles.PAGE_MARGIN_LEFT, top - 13 * mm, PAGE_WIDTH - styles.PAGE_MARGIN_RIGHT, top - 13 * mm)
        canvas.restoreState()


def render(data) -> bytes:
    buffer = io.BytesIO()
    footer = f"{data.body_name} · kenmerk {data.letter_reference}"

    def canvasmaker(*args, **kwargs):
        return NumberedCanvas(*args, footer_left=footer, **kwargs)

    LetterTemplate(buffer, data).build(build_story(data), canvasmaker=canvasmaker)
    return buffer.getvalue()
