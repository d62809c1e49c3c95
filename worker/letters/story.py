"""Letter data to Platypus flowables, via the text templates (texts.py).

User text is always escaped here: markup in a name or a motivation renders
literally and fetches nothing. A letter for an applicant who chose English is
the Dutch letter (the legal one) followed by its English translation.
"""

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.platypus import CondPageBreak, PageBreak, Paragraph, Spacer, Table, TableStyle

from regeling.core.money import format_euros as euros

from . import styles
from .texts import Block, letter_blocks

TABLE_STYLE = TableStyle(
    [
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (0, -1), 0),
    ]
)


def text(value: str, style=styles.BODY) -> Paragraph:
    return Paragraph(escape(value).replace("\n", "<br/>"), style)


def build_story(data) -> list:
    story = flowables(data, letter_blocks(data, "nl"))
    if data.language == "en":
        story += [PageBreak(), *flowables(data, letter_blocks(data, "en"))]
    return story


def flowables(data, blocks: list[Block]) -> list:
    story = []
    for block in blocks:
        if block.kind == "heading":
            # Keep a heading with the start of its section.
            story += [CondPageBreak(styles.HEADING_KEEP), text(block.text, styles.HEADING)]
        elif block.kind == "table":
            story += [measures_table(data, block.labels), Spacer(0, 6)]
        else:
            story.append(text(block.text))
    return story


def measures_table(data, labels: tuple[str, ...]) -> Table:
    """Requested and granted per line and in total; a fifth label adds the settled amounts."""
    with_settled = len(labels) == 5
    heading, total_label = labels[:-1], labels[-1]

    def amounts(requested, granted, settled) -> list:
        cells = [euros(requested), euros(granted)] + ([euros(settled)] if with_settled else [])
        return [text(cell, styles.CELL_RIGHT) for cell in cells]

    rows = [[text(heading[0], styles.CELL_HEAD), *[text(label, styles.CELL_HEAD_RIGHT) for label in heading[1:]]]]
    rows += [
        [text(line.description, styles.CELL), *amounts(line.requested_cents, line.granted_cents, line.settled_cents)]
        for line in data.lines
    ]
    rows.append(
        [
            text(total_label, styles.CELL_HEAD),
            *amounts(data.requested_total_cents, data.granted_total_cents, data.settled_total_cents),
        ]
    )
    widths = ["49%", "17%", "17%", "17%"] if with_settled else ["58%", "21%", "21%"]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TABLE_STYLE)
    return table
