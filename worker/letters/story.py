"""Letter data to Platypus flowables and their structure elements, via the text blocks (texts.py).

User text is always escaped here: markup in a name or a motivation renders
literally and fetches nothing. A letter for an applicant who chose English is
the Dutch letter (the legal one) followed by its English translation, which is
a structure part of its own with /Lang en-GB.

Every flowable that shows text is `Tagged` with the element it belongs to, chosen
by the block's kind, so a new letter kind (a new template) is tagged without code.
"""

from functools import cache, lru_cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph, Spacer, TableStyle
from reportlab.platypus.paraparser import ParaFrag

from . import styles
from .tagging import COLUMN, ROW, Element, Tagged, TaggedTable, recorder_of
from .texts import Block, BlockKind, amounts_table, letter_blocks

LANGUAGE_TAGS = {"nl": "nl-NL", "en": "en-GB"}
TABLE_STYLE = TableStyle(
    [
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (0, -1), 0),
        # The cells are paragraphs; this only keeps Helvetica (not embedded) out of the file.
        ("FONT", (0, 0), (-1, -1), styles.BODY_FONT, 9.5),
    ]
)
BULLET = "•"


@cache
def shaped(style: ParagraphStyle) -> ParagraphStyle:
    """The style with HarfBuzz shaping on: only for text with a right-to-left run (shaping
    every paragraph would cost speed for nothing)."""
    return ParagraphStyle(f"{style.name}-shaped", parent=style, shaping=1)


def markup(value: str, bold: bool) -> tuple[str, bool]:
    """Escaped paragraph markup of `value`, and whether it holds right-to-left text.

    A right-to-left run is drawn in its script's font with its words in visual order;
    HarfBuzz shapes and orders the letters inside each word. The glyphs then stand in
    visual order, so the element that holds them gets the text as typed as its
    /ActualText (PDF 1.7, 14.9.4): copying and reading aloud give the logical order.
    """
    if not styles.has_rtl(value):  # nearly every paragraph: no right-to-left text at all
        return escape(value).replace("\n", "<br/>"), False
    parts, has_rtl = [], False
    for rtl, run in styles.runs(value):
        if rtl:
            has_rtl = True
            font = styles.RTL_FONTS[styles.script_of(run)][1 if bold else 0]
            visual = " ".join(reversed(run.split(" ")))
            parts.append(f'<font name="{font}">{escape(visual)}</font>')
        else:
            parts.append(escape(run).replace("\n", "<br/>"))
    return "".join(parts), has_rtl


def paragraph(value: str, style=styles.BODY) -> Paragraph:
    text, has_rtl = markup(value, bold=style.fontName == styles.BOLD_FONT)
    if has_rtl:
        return Paragraph(text, shaped(style))
    return Wording(text, style, frags=[fragment.clone() for fragment in parsed(text, style)])


class Wording(Paragraph):
    """A paragraph whose parse and line breaks are computed once per process for its text,
    style and width: most paragraphs are the template's fixed wording, the same in every
    letter, and breaking them into lines is most of the time a letter takes. The bytes
    drawn stay ReportLab's own (tests/letters/test_render.py compares them).

    The parts ReportLab splits off at a page end have no text of their own (None): their
    lines are computed as usual.
    """

    def breakLines(self, width):  # noqa: N802 (ReportLab's name)
        if self.text is None:
            return super().breakLines(width)
        key = (self.text, self.style, tuple(width) if isinstance(width, list) else width)
        if (lines := LINE_BREAKS.get(key)) is None:
            if len(LINE_BREAKS) >= CACHED_PARAGRAPHS:
                LINE_BREAKS.clear()  # names and motivations vary: never let the cache grow
            lines = LINE_BREAKS[key] = super().breakLines(width)
        return lines


CACHED_PARAGRAPHS = 2048
LINE_BREAKS: dict = {}


@lru_cache(maxsize=CACHED_PARAGRAPHS)
def parsed(text: str, style: ParagraphStyle) -> tuple[ParaFrag, ...]:
    """The fragments ReportLab's paragraph parser makes of `text` in `style` (copied for each use)."""
    return tuple(Paragraph(text, style).frags)


def forget_wording() -> None:
    """Empty both caches (tests: a render with cold caches)."""
    LINE_BREAKS.clear()
    parsed.cache_clear()


def tagged(parent: Element, role: str, value: str, style=styles.BODY, **kwargs) -> Tagged:
    content = paragraph(value, style)
    if content.style.shaping:
        kwargs["actual_text"] = value
    return Tagged(parent.add(role, **kwargs), content)


def build_story(data, root: Element | None = None) -> list[Flowable]:
    """The flowables of the letter; their elements are added to `root` (a Document element)."""
    root = root if root is not None else Element("Document")
    story = flowables(data, letter_blocks(data, "nl"), root)
    if data.language == "en":
        translation = root.add("Part", lang=LANGUAGE_TAGS["en"])
        story += [PageBreak(), FooterLanguage("en"), *flowables(data, letter_blocks(data, "en"), translation)]
    return story


class FooterLanguage(Flowable):
    """Draws nothing: from the page it lands on, the footer is in this language (layout.py)."""

    def __init__(self, language: str):
        super().__init__()
        self.language = language

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        self.canv.footer_language = self.language


def flowables(data, blocks: list[Block], parent: Element) -> list[Flowable]:
    story, signature = [], None
    for block in blocks:
        if block.kind == BlockKind.HEADING:
            style = styles.TITLE if block.level == 1 else styles.HEADING
            # Keep a heading with the start of its section.
            story += [CondPageBreak(styles.HEADING_KEEP), tagged(parent, f"H{block.level}", block.text, style)]
        elif block.kind == BlockKind.TABLE:
            story += [measures_table(data, block.labels, parent), Spacer(0, 6)]
        elif block.kind == BlockKind.LIST:
            items = parent.add("L")
            story += [list_item(items, item) for item in block.items]
        elif block.kind == BlockKind.SIGNATURE:
            signature = signature or parent.add("Signature")
            story.append(tagged(signature, "P", block.text))
        else:
            story.append(tagged(parent, "P", block.text))
    return story


def list_item(items: Element, value: str) -> "LabelledItem":
    """One LI: its bullet is the label (Lbl), its text the body (LBody)."""
    item = items.add("LI")
    label = item.add("Lbl")
    return LabelledItem(label, Tagged(item.add("LBody"), paragraph(value, styles.LIST_ITEM)))


class LabelledItem(Flowable):
    """A list item: the bullet in the indent, the body beside it; splits like its body.
    The bullet is drawn as one string (a paragraph per bullet costs ten times as much)."""

    def __init__(self, label: Element | None, body: Tagged):  # None: the rest of an item split over a page
        super().__init__()
        self.label, self.body = label, body

    def wrap(self, available_width, available_height):
        self.width, self.height = self.body.wrap(available_width - styles.LIST_INDENT, available_height)
        return available_width, self.height

    def split(self, available_width, available_height):
        parts = self.body.split(available_width - styles.LIST_INDENT, available_height)
        if not parts:
            return []
        return [LabelledItem(self.label, parts[0]), *[Indented(part) for part in parts[1:]]]

    def getSpaceAfter(self):  # noqa: N802 (ReportLab's name)
        return self.body.getSpaceAfter()

    def getPlainText(self):  # noqa: N802
        return self.body.getPlainText()

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802
        recorder = recorder_of(canvas)
        if recorder is not None and self.label is not None:
            recorder.begin(canvas, self.label)
        canvas.setFont(styles.LIST_ITEM.fontName, styles.LIST_ITEM.fontSize)
        canvas.drawString(x, y + self.height - styles.LIST_ITEM.fontSize, BULLET)
        if recorder is not None and self.label is not None:
            recorder.end(canvas)
        self.body.drawOn(canvas, x + styles.LIST_INDENT, y)


class Indented(LabelledItem):
    """The rest of a list item split over a page: no label."""

    def __init__(self, body: Tagged):
        Flowable.__init__(self)
        self.label, self.body = None, body

    def wrap(self, available_width, available_height):
        self.height = self.body.wrap(available_width - styles.LIST_INDENT, available_height)[1]
        return available_width, self.height

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802
        self.body.drawOn(canvas, x + styles.LIST_INDENT, y)


def measures_table(data, labels: tuple[str, ...], parent: Element) -> TaggedTable:
    """The amounts table (texts.amounts_table) as Table > TR > TH (scope Column for the
    header row, scope Row for each measure and the total) and TD for the amounts."""
    content = amounts_table(data, labels)
    table = parent.add("Table")

    def row(header: str, header_style, scope: str, cells: list) -> list[Tagged]:
        tr = table.add("TR")
        first = tagged(tr, "TH", header, header_style, scope=scope)
        return [first, *[tagged(tr, role, value, style, **extra) for role, value, style, extra in cells]]

    def amounts(values) -> list:
        return [("TD", value, styles.CELL_RIGHT, {}) for value in values]

    head = [("TH", label, styles.CELL_HEAD_RIGHT, {"scope": COLUMN}) for label in content.labels[1:]]
    rows = [row(content.labels[0], styles.CELL_HEAD, COLUMN, head)]
    rows += [row(measure, styles.CELL, ROW, amounts(values)) for measure, values in content.rows]
    rows.append(row(content.total[0], styles.CELL_HEAD, ROW, amounts(content.total[1])))
    widths = ["49%", "17%", "17%", "17%"] if len(content.labels) == 4 else ["58%", "21%", "21%"]
    flowable = TaggedTable(rows, colWidths=widths, repeatRows=1)
    flowable.setStyle(TABLE_STYLE)
    return flowable
