"""Pages: the letterhead, the footer with page x of y, and the PDF metadata."""

import io

from reportlab.lib.pagesizes import A4
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from . import styles
from .story import build_story


class LetterTemplate(BaseDocTemplate):
    def __init__(self, buffer, data, **kwargs):
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=styles.PAGE_MARGIN_LEFT,
            rightMargin=styles.PAGE_MARGIN_RIGHT,
            topMargin=styles.PAGE_MARGIN_TOP,
            bottomMargin=styles.PAGE_MARGIN_BOTTOM,
            title=f"Brief {data.letter_reference}",
            author=data.body_name,
            invariant=1,
            **kwargs,
        )
        self.data = data
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="letter", frames=[frame], onPage=self.draw_page)])

    def draw_page(self, canvas, doc):
        width, height = A4
        canvas.saveState()
        canvas.setFont(styles.BOLD_FONT, 14)
        canvas.drawString(styles.PAGE_MARGIN_LEFT, height - 20 * 2.835 * 0.9, self.data.body_name)
        canvas.setFont(styles.BODY_FONT, 8.5)
        canvas.drawString(styles.PAGE_MARGIN_LEFT, height - 27 * 2.835, self.data.body_postal_address)
        canvas.drawString(styles.PAGE_MARGIN_LEFT, 12 * 2.835, f"{self.data.letter_reference}")
        canvas.drawRightString(width - styles.PAGE_MARGIN_RIGHT, 12 * 2.835, f"pagina {doc.page}")
        canvas.restoreState()


def render(data) -> bytes:
    buffer = io.BytesIO()
    LetterTemplate(buffer, data).build(build_story(data))
    return buffer.getvalue()
