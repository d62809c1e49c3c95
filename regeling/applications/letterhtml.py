"""The HTML twin of a letter: the same blocks as the PDF (lettertexts.py), as accessible HTML.

The wording comes only from the letter templates; this module only chooses the HTML
element for each block, as worker/letters/story.py chooses the PDF structure element:
a heading h1/h2 (H1/H2), a paragraph p (P), a list ul/li (L/LI), the amounts table
with th scope (Table/TR/TH/TD) and the signature block. The English translation of a
bilingual letter is a section with lang="en", as it is a Part with /Lang en-GB in the PDF.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string

from .lettertexts import BlockKind, amounts_table, letter_blocks


@dataclass(frozen=True)
class HtmlBlock:
    kind: str
    text: str = ""
    level: int = 0
    items: tuple[str, ...] = ()
    table: object = None
    lines: tuple[str, ...] = ()


def letter_parts(data) -> list[tuple[str, list[HtmlBlock]]]:
    """(language, blocks) for the Dutch letter and, for an English-speaking addressee, its translation."""
    languages = ["nl", "en"] if data.language == "en" else ["nl"]
    return [(language, html_blocks(data, language)) for language in languages]


def html_blocks(data, language: str) -> list[HtmlBlock]:
    result = []
    for block in letter_blocks(data, language):
        if block.kind == BlockKind.TABLE:
            result.append(HtmlBlock(BlockKind.TABLE, table=amounts_table(data, block.labels)))
        else:
            lines = tuple(block.text.split("\n"))
            result.append(HtmlBlock(block.kind, block.text, block.level, block.items, lines=lines))
    return result


def letter_html(data, *, heading_offset: int = 0) -> str:
    """The letter's body as HTML (autoescaped). `heading_offset` lowers the headings when the
    letter sits inside a page that has its own (the assessor's preview: h1 becomes h3)."""
    return render_to_string(
        "letters/twin.html",
        {"parts": letter_parts(data), "offset": heading_offset, "data": data, "BlockKind": BlockKind},
    )
