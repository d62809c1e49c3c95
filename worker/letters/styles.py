"""Fonts, sizes and margins. The embedded font covers every Latin script (é, ë, ĳ, ł, ş, ğ)."""

from pathlib import Path

import font_source_sans_pro
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.fonts import addMapping
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(font_source_sans_pro.font_directory)
BODY_FONT, BOLD_FONT, ITALIC_FONT = "LetterSans", "LetterSans-Bold", "LetterSans-Italic"


def register_fonts() -> None:
    if BODY_FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(BODY_FONT, FONT_DIR / "SourceSansPro-Regular.ttf"))
    pdfmetrics.registerFont(TTFont(BOLD_FONT, FONT_DIR / "SourceSansPro-Bold.ttf"))
    pdfmetrics.registerFont(TTFont(ITALIC_FONT, FONT_DIR / "SourceSansPro-It.ttf"))
    addMapping(BODY_FONT, 0, 0, BODY_FONT)
    addMapping(BODY_FONT, 1, 0, BOLD_FONT)
    addMapping(BODY_FONT, 0, 1, ITALIC_FONT)
    addMapping(BODY_FONT, 1, 1, BOLD_FONT)


register_fonts()


def covers(text: str) -> bool:
    """Whether the fonts that show names and addresses (regular and bold) have a glyph for
    every character of `text`. (The italic lacks ĳ; letters never use it.)"""
    return all(
        ord(char) in pdfmetrics.getFont(font).face.charToGlyph
        for font in (BODY_FONT, BOLD_FONT)
        for char in text
        if not char.isspace()
    )


PAGE_MARGIN_LEFT = 25 * mm
PAGE_MARGIN_RIGHT = 20 * mm
PAGE_MARGIN_TOP = 45 * mm
PAGE_MARGIN_BOTTOM = 25 * mm

BODY = ParagraphStyle("body", fontName=BODY_FONT, fontSize=10.5, leading=14, spaceAfter=6)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8.5, leading=11)
HEADING = ParagraphStyle("heading", parent=BODY, fontName=BOLD_FONT, fontSize=12, leading=16, spaceBefore=8)
SUBJECT = ParagraphStyle("subject", parent=BODY, fontName=BOLD_FONT)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=9.5, leading=12, spaceAfter=0)
CELL_RIGHT = ParagraphStyle("cell_right", parent=CELL, alignment=TA_RIGHT)
CELL_HEAD = ParagraphStyle("cell_head", parent=CELL, fontName=BOLD_FONT)
CELL_HEAD_RIGHT = ParagraphStyle("cell_head_right", parent=CELL_HEAD, alignment=TA_RIGHT)
# A heading moves to the next page unless this much room is left under it.
HEADING_KEEP = 30 * mm

LETTERHEAD_NAME_SIZE = 14
LETTERHEAD_SIZE = 8.5
FOOTER_SIZE = 8
