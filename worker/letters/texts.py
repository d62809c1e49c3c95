"""Letter texts: Django templates under templates/letters/, rendered to plain text
and cut into blocks. No ReportLab here.

A functional administrator edits the templates (templates/letters/<kind>.<language>.txt);
this module only knows their small markup:

- paragraphs are separated by a blank line; line breaks inside a paragraph are kept;
- a line starting with "## " is a heading;
- a line "[[table: Maatregel | Aangevraagd | Toegekend | Totaal]]" places the table of
  measures with these labels (a fifth label adds the settled amounts before "Totaal").

The templates render without autoescaping: the story escapes every block, so
markup in a name or a motivation is shown literally.
"""

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from django import template
from django.conf import settings

from regeling.core.money import format_euros

register = template.Library()

MONTHS = {
    "nl": tuple("januari februari maart april mei juni juli augustus september oktober november december".split()),
    "en": tuple("January February March April May June July August September October November December".split()),
}
TABLE = re.compile(r"^\[\[table:(?P<labels>.*)\]\]$")


@register.filter
def longdate(value: date | None, language: str = "nl") -> str:
    """28 november 2026 / 28 November 2026: spelled out, the same on every machine (no locale)."""
    if value is None:
        return "–"
    return f"{value.day} {MONTHS[language][value.month - 1]} {value.year}"


@register.filter
def euros(cents: int | None) -> str:
    return format_euros(cents)


@dataclass(frozen=True)
class Block:
    kind: str  # "paragraph", "heading" or "table"
    text: str = ""
    labels: tuple[str, ...] = ()


@cache
def engine() -> template.Engine:
    """One engine for the process, with cached templates (rendering many letters stays fast)."""
    return template.Engine(
        dirs=[settings.BASE_DIR / "templates"],
        autoescape=False,
        builtins=["worker.letters.texts"],
        loaders=[("django.template.loaders.cached.Loader", ["django.template.loaders.filesystem.Loader"])],
    )


def template_name(kind: str, language: str) -> str:
    return f"letters/{kind}.{language}.txt"


def render_text(data, language: str) -> str:
    return (
        engine()
        .get_template(template_name(data.kind, language))
        .render(template.Context({"letter": data}, autoescape=False))
    )


def letter_blocks(data, language: str) -> list[Block]:
    return parse(render_text(data, language))


def parse(text: str) -> list[Block]:
    blocks, paragraph = [], []

    def flush():
        if paragraph:
            blocks.append(Block("paragraph", "\n".join(paragraph)))
            paragraph.clear()

    for raw in text.splitlines():
        line = raw.strip()
        table = TABLE.match(line)
        if not line:
            flush()
        elif line.startswith("## "):
            flush()
            blocks.append(Block("heading", line[3:].strip()))
        elif table:
            flush()
            blocks.append(Block("table", labels=tuple(label.strip() for label in table["labels"].split("|"))))
        else:
            paragraph.append(line)
    flush()
    return blocks
