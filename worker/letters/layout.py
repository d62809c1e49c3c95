"""Pages: the body's letterhead, the footer with "pagina x van y", and the finished file.

`render` makes a tagged PDF/UA-1 and PDF/A-2 file: ReportLab draws the pages with marked
content (tagging.py), then pikepdf adds the structure tree and the archive metadata
(archive.py) and writes the file. Output is deterministic (`invariant=1`, fixed dates,
an /ID from the content): the same data renders byte-identical PDFs, so a letter's
SHA-256 proves which text was sent.
"""

import io

import pikepdf
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from . import styles
from .archive import make_archival
from .data import check_sizes
from .story import LANGUAGE_TAGS, build_story
from .tagging import Element, MarkedContentRecorder, artifact, write_structure

PAGE_WIDTH, PAGE_HEIGHT = A4
CONFIDENTIAL = "Vertrouwelijk"
KIND_TITLES = {
    "receipt": "Ontvangstbevestiging",
    "information_request": "Verzoek om aanvullende gegevens",
    "extension": "Verdagingsbericht",
    "views_intention": "Voornemen tot (gedeeltelijke) weigering",
    "decision": "Besluit",
    "not_processed": "Besluit niet in behandeling nemen",
    "settlement": "Vaststellingsbesluit",
    "settlement_views": "Voornemen tot lagere vaststelling",
    "objection_decision": "Beslissing op bezwaar",
    "objection_receipt": "Ontvangstbevestiging bezwaar",
    "repair_request": "Verzoek om herstel van het bezwaar",
    "hearing_invitation": "Uitnodiging hoorzitting",
    "objection_extension": "Verdaging beslissing op bezwaar",
}


# The footer per language: (left part, page numbers).
FOOTERS = {
    "nl": ("{body} · kenmerk {reference}", "pagina {number} van {total}"),
    "en": ("{body} · reference {reference}", "page {number} of {total}"),
}


class NumberedCanvas(Canvas):
    """Holds every page until the end, so each footer can say how many pages there are.

    With a recorder (`tags`) the footer is an artifact.
    """

    def __init__(self, *args, footers: dict | None = None, tags: MarkedContentRecorder | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.footers = footers or FOOTERS
        self.footer_language = "nl"  # the translation's first flowable switches it (story.FooterLanguage)
        self.held_pages: list[dict] = []
        self.tags = tags

    def showPage(self):  # noqa: N802 (ReportLab's name)
        self.held_pages.append(dict(self.__dict__))
        self._startPage()
        if self.tags is not None:
            self.tags.new_page()

    def save(self):
        total = len(self.held_pages)
        for number, state in enumerate(self.held_pages, start=1):
            self.__dict__.update(state)
            left, pages = self.footers[self.footer_language]
            with artifact(self, "Pagination", "Footer"):
                self.setFont(styles.BODY_FONT, styles.FOOTER_SIZE)
                self.drawString(styles.PAGE_MARGIN_LEFT, 12 * mm, left)
                self.drawRightString(
                    PAGE_WIDTH - styles.PAGE_MARGIN_RIGHT, 12 * mm, pages.format(number=number, total=total)
                )
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
            title=document_title(data),
            author=data.body_name,
            subject=f"Zaak {data.case_reference}",
            creator="regeling",
            lang="nl-NL",
            invariant=1,
            # No Helvetica in the file: the page preamble sets our own embedded font.
            initialFontName=styles.BODY_FONT,
            initialFontSize=10,
        )
        self.data = data
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="letter", frames=[frame], onPage=self.draw_letterhead)])

    def draw_letterhead(self, canvas, doc):
        if getattr(canvas, "tags", None) is None:
            self.letterhead(canvas)
            return
        with artifact(canvas, "Pagination", "Header"):
            self.letterhead(canvas)

    def letterhead(self, canvas):
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
        # The letters concern an officeholder's protection: every page says so.
        canvas.setFont(styles.BOLD_FONT, styles.MARKING_SIZE)
        canvas.drawRightString(PAGE_WIDTH - styles.PAGE_MARGIN_RIGHT, top, CONFIDENTIAL)
        canvas.restoreState()


def render(data, *, tagged: bool = True) -> bytes:
    """The letter as a tagged PDF/UA-1 and PDF/A-2 file; `tagged=False` gives the plain
    ReportLab file (only for measuring what tagging costs, and for tests of the checks).

    Data over the limits is refused first (LetterDataTooLarge): the letter fails at once
    and the assessor sees why, instead of the worker laying out a megabyte for minutes."""
    check_sizes(data)
    root = Element("Document")
    return render_story(data, build_story(data, root), root if tagged else None)


def render_story(data, story: list, root: Element | None) -> bytes:
    buffer = io.BytesIO()
    footers = {
        language: (left.format(body=data.body_name, reference=data.letter_reference), pages)
        for language, (left, pages) in FOOTERS.items()
    }
    tags = MarkedContentRecorder() if root is not None else None

    def canvasmaker(*args, **kwargs):
        return NumberedCanvas(*args, footers=footers, tags=tags, **kwargs)

    LetterTemplate(buffer, data).build(story, canvasmaker=canvasmaker)
    if root is None or tags is None:
        return buffer.getvalue()
    return finish(buffer, data, root, tags)


def document_title(data) -> str:
    return f"{KIND_TITLES[data.kind]} {data.letter_reference}"


def finish(buffer: io.BytesIO, data, root: Element, tags: MarkedContentRecorder) -> bytes:
    """Add the structure tree and the archive metadata, and write the file deterministically."""
    buffer.seek(0)
    with pikepdf.open(buffer) as pdf:
        write_structure(pdf, root, tags, lang=LANGUAGE_TAGS["nl"])
        languages = [LANGUAGE_TAGS["nl"]] + ([LANGUAGE_TAGS["en"]] if data.language == "en" else [])
        make_archival(
            pdf,
            title=document_title(data),
            author=data.body_name,
            subject=f"Zaak {data.case_reference}",
            languages=languages,
            day=data.letter_date,
        )
        out = io.BytesIO()
        # ReportLab has compressed the pages already; compressing the rest (font programs,
        # CMaps) again would cost 1.7 ms a letter for 2 KB. Object streams cost little and
        # save a tenth. /ID comes from the content: the same letter, the same bytes.
        pdf.save(
            out,
            deterministic_id=True,
            min_version="1.7",
            compress_streams=False,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            fix_metadata_version=False,  # our XMP as written (PDF/A needs no pdf:PDFVersion)
        )
    return out.getvalue()
