"""Fonts, sizes and margins, and which font draws which character.

Source Sans Pro (PyPI, pinned) draws Latin with every diacritic, Greek and Cyrillic;
Noto Sans Arabic and Noto Sans Hebrew (Debian's fonts-noto-core, pinned in the
Makefile and Dockerfile) draw right-to-left names. Every font is embedded as a subset.
"""

import re
import unicodedata
from functools import cache
from pathlib import Path

import font_source_sans_pro  # type: ignore[import-untyped]  # ships no type information
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.fonts import addMapping
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(font_source_sans_pro.font_directory)
NOTO_DIR = Path("/usr/share/fonts/truetype/noto")
BODY_FONT, BOLD_FONT, ITALIC_FONT = "LetterSans", "LetterSans-Bold", "LetterSans-Italic"
# Right-to-left scripts: (regular, bold) font names and the files they come from.
RTL_FONTS = {
    "ar": ("LetterArabic", "LetterArabic-Bold"),
    "he": ("LetterHebrew", "LetterHebrew-Bold"),
}
RTL_FILES = {
    "LetterArabic": "NotoSansArabic-Regular.ttf",
    "LetterArabic-Bold": "NotoSansArabic-Bold.ttf",
    "LetterHebrew": "NotoSansHebrew-Regular.ttf",
    "LetterHebrew-Bold": "NotoSansHebrew-Bold.ttf",
}


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
    for name, filename in RTL_FILES.items():
        if not (NOTO_DIR / filename).exists():
            raise FileNotFoundError(f"{NOTO_DIR / filename} is missing: install Debian's fonts-noto-core")
        pdfmetrics.registerFont(TTFont(name, NOTO_DIR / filename))


register_fonts()


def glyphs(*fonts: str) -> frozenset[int]:
    """The characters every one of `fonts` has a glyph for."""
    sets = [set(pdfmetrics.getFont(font).face.charToGlyph) for font in fonts]
    return frozenset(set.intersection(*sets))


@cache
def drawable() -> frozenset[int]:
    """Every character a letter can show: Latin, Greek and Cyrillic in the regular and bold
    of the body font, right-to-left letters and their marks in the regular and bold of
    their script's font. regeling/core/letter_glyphs.txt holds the same set for the forms."""
    latin = glyphs(BODY_FONT, BOLD_FONT)
    rtl = (glyphs(*fonts) for fonts in RTL_FONTS.values())
    return latin.union(*({code for code in font if is_rtl(chr(code)) or is_mark(chr(code))} for font in rtl))


def is_mark(char: str) -> bool:
    return unicodedata.bidirectional(char) == "NSM"


def glyph_ranges() -> str:
    """`drawable()` as lines of hexadecimal code point ranges (for letter_glyphs.txt)."""
    codes, lines = sorted(drawable()), []
    start = previous = codes[0]
    for code in [*codes[1:], None]:
        if code is not None and code == previous + 1:
            previous = code
            continue
        lines.append(f"{start:04X}-{previous:04X}")
        if code is not None:
            start = previous = code
    return "\n".join(lines) + "\n"


def undrawable(text: str) -> list[str]:
    """The characters of `text` no letter font can draw, each once, in order."""
    known = drawable()
    return list(dict.fromkeys(char for char in text if not char.isspace() and ord(char) not in known))


def covers(text: str) -> bool:
    return not undrawable(text)


# Hebrew, Arabic and the other right-to-left blocks, with their presentation forms: a quick
# test before `runs` looks at each character.
RTL_BLOCKS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]|[\U00010800-\U00010fff\U0001e800-\U0001efff]")


def has_rtl(text: str) -> bool:
    return RTL_BLOCKS.search(text) is not None


def is_rtl(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("R", "AL", "AN")


def script_of(text: str) -> str:
    """The language tag of a right-to-left run, by its script (used for its font and /Lang)."""
    return "ar" if any(unicodedata.bidirectional(char) in ("AL", "AN") for char in text) else "he"


def runs(text: str) -> list[tuple[bool, str]]:
    """`text` cut into (right_to_left, part) runs. A right-to-left run takes the spaces and
    marks between its letters, so "محمد العلي" is one run."""
    result: list[tuple[bool, str]] = []
    start, rtl_end = 0, None  # rtl_end: where the current right-to-left run ends so far
    index = 0
    for index, char in enumerate(text):
        if is_rtl(char):
            if rtl_end is None:
                if index > start:
                    result.append((False, text[start:index]))
                start = index
            rtl_end = index + 1
        elif rtl_end is not None and (unicodedata.bidirectional(char) == "NSM" and rtl_end == index or char.isspace()):
            if unicodedata.bidirectional(char) == "NSM":
                rtl_end = index + 1
        elif rtl_end is not None:
            result.append((True, text[start:rtl_end]))
            start, rtl_end = rtl_end, None
    if rtl_end is not None:
        result.append((True, text[start:rtl_end]))
        start = rtl_end
    if start < len(text):
        result.append((False, text[start:]))
    return result


PAGE_MARGIN_LEFT = 25 * mm
PAGE_MARGIN_RIGHT = 20 * mm
PAGE_MARGIN_TOP = 45 * mm
PAGE_MARGIN_BOTTOM = 25 * mm

BODY = ParagraphStyle("body", fontName=BODY_FONT, fontSize=10.5, leading=14, spaceAfter=6)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8.5, leading=11)
HEADING = ParagraphStyle("heading", parent=BODY, fontName=BOLD_FONT, fontSize=12, leading=16, spaceBefore=8)
TITLE = ParagraphStyle("title", parent=HEADING, fontSize=13, leading=17)
LIST_INDENT = 5 * mm
LIST_ITEM = ParagraphStyle("list_item", parent=BODY, spaceAfter=2)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=9.5, leading=12, spaceAfter=0)
CELL_RIGHT = ParagraphStyle("cell_right", parent=CELL, alignment=TA_RIGHT)
CELL_HEAD = ParagraphStyle("cell_head", parent=CELL, fontName=BOLD_FONT)
CELL_HEAD_RIGHT = ParagraphStyle("cell_head_right", parent=CELL_HEAD, alignment=TA_RIGHT)
# A heading moves to the next page unless this much room is left under it.
HEADING_KEEP = 30 * mm

LETTERHEAD_NAME_SIZE = 14
LETTERHEAD_SIZE = 8.5
FOOTER_SIZE = 8
MARKING_SIZE = 9


if __name__ == "__main__":
    # python -m worker.letters.styles > regeling/core/letter_glyphs.txt (after a font change)
    print(glyph_ranges(), end="")
