"""Letter texts: Django templates under templates/letters/, rendered to plain text
and cut into blocks. No ReportLab here: the worker's PDF (worker/letters/story.py) and
the HTML twin on the web (letterhtml.py) are both made from these blocks.

A functional administrator edits the templates (templates/letters/<kind>.<language>.txt);
this module only knows their small markup:

- paragraphs are separated by a blank line; line breaks inside a paragraph are kept;
- a line starting with "# " is the letter's subject (heading level 1), "## " a section heading;
- lines starting with "- " are the items of a list;
- a line "[[signature]]" starts the signature block: the paragraphs after it, to the end;
- a line "[[table: Maatregel | Aangevraagd | Toegekend | Totaal]]" places the table of
  measures with these labels (a fifth label adds the settled amounts before "Totaal").

The templates render without autoescaping: the story escapes every block, so
markup in a name or a motivation is shown literally. A line of user text that looks
like the markup above is shown as text too (`plain`).
"""

import dataclasses
import enum
import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from django import template
from django.conf import settings

from regeling.accounts.models import BodyKind, UserKind
from regeling.core.money import format_euros
from regeling.letters.models import LetterKind
from regeling.schemes.versions import SchemeVersion

from .objectionterms import Channel, HearingSkip, ObjectionOutcome
from .states import Outcome

register = template.Library()

MONTHS = {
    "nl": tuple("januari februari maart april mei juni juli augustus september oktober november december".split()),
    "en": tuple("January February March April May June July August September October November December".split()),
}
TABLE = re.compile(r"^\[\[table:(?P<labels>.*)\]\]$")
SIGNATURE = "[[signature]]"
MARKUP_LINE = re.compile(r"^([ \t]*)(#|\[\[|- )", re.MULTILINE)
NO_BREAK_SPACE = "\u00a0"

# The enums the letter templates compare against (`{% if letter.outcome == Outcome.REFUSE %}`), in
# every letter's context: a letter renders without a request, so the pages' context processor
# (regeling/operations/context_processors.py) does not reach it.
ENUMS = {
    choices.__name__: choices
    for choices in (BodyKind, Channel, HearingSkip, LetterKind, ObjectionOutcome, Outcome, SchemeVersion, UserKind)
}


@register.filter
def longdate(value: date | None, language: str = "nl") -> str:
    """28 november 2026 / 28 November 2026: spelled out, the same on every machine (no locale)."""
    if not value:  # None, or "" from a letter without the optional data (an objection)
        return "–"
    return f"{value.day} {MONTHS[language][value.month - 1]} {value.year}"


@register.filter
def euros(cents: int | None) -> str:
    """'€ 2.400,00' with a no-break space after the sign, so a line never ends on '€'."""
    return format_euros(cents).replace("€ ", "€" + NO_BREAK_SPACE)


class BlockKind(enum.StrEnum):
    PARAGRAPH = "paragraph"
    HEADING = "heading"
    LIST = "list"
    TABLE = "table"
    SIGNATURE = "signature"  # a paragraph of the signature block

    do_not_call_in_templates = enum.nonmember(True)  # a template reads BlockKind.TABLE, not BlockKind()


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str = ""
    labels: tuple[str, ...] = ()  # the table's column labels and total label
    level: int = 0  # a heading's level: 1 for the subject, 2 for a section
    items: tuple[str, ...] = ()  # a list's items


@dataclass(frozen=True)
class AmountsTable:
    """The table of measures as text: column labels, a row per measure and the total row."""

    labels: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]  # (measure, amounts)
    total: tuple[str, tuple[str, ...]]


def amounts_table(data, labels: tuple[str, ...]) -> AmountsTable:
    """Requested and granted per line and in total; a fifth label adds the settled amounts."""
    with_settled = len(labels) == 5

    def amounts(requested, granted, settled) -> tuple[str, ...]:
        return tuple(euros(cents) for cents in (requested, granted, *([settled] if with_settled else [])))

    return AmountsTable(
        labels=labels[:-1],
        rows=tuple(
            (line.description, amounts(line.requested_cents, line.granted_cents, line.settled_cents))
            for line in data.lines
        ),
        total=(labels[-1], amounts(data.requested_total_cents, data.granted_total_cents, data.settled_total_cents)),
    )


@cache
def engine() -> template.Engine:
    """One engine for the process, with cached templates (rendering many letters stays fast)."""
    return template.Engine(
        dirs=[settings.BASE_DIR / "templates"],
        autoescape=False,
        builtins=["regeling.applications.lettertexts"],
        loaders=[("django.template.loaders.cached.Loader", ["django.template.loaders.filesystem.Loader"])],
    )


def template_name(kind: str, language: str) -> str:
    return f"letters/{kind}.{language}.txt"


def plain(data):
    """The data with every line of user text that starts like markup prefixed by a no-break
    space, which `parse` does not strip: a motivation cannot add a heading or a table."""
    changes = {}
    for field in dataclasses.fields(data):
        value = getattr(data, field.name)
        if isinstance(value, str) and ("#" in value or "[[" in value or "- " in value):
            changes[field.name] = MARKUP_LINE.sub(lambda match: match[1] + NO_BREAK_SPACE + match[2], value)
        elif dataclasses.is_dataclass(value):  # nested letter data (an objection) holds user text too
            changes[field.name] = plain(value)
        elif isinstance(value, tuple) and value and dataclasses.is_dataclass(value[0]):
            changes[field.name] = tuple(plain(item) for item in value)
    return dataclasses.replace(data, **changes) if changes else data


def render_text(data, language: str) -> str:
    context = template.Context({**ENUMS, "letter": plain(data)}, autoescape=False)
    return engine().get_template(template_name(data.kind, language)).render(context)


def letter_blocks(data, language: str) -> list[Block]:
    return parse(render_text(data, language))


def parse(text: str) -> list[Block]:
    blocks, paragraph, items = [], [], []
    paragraph_kind = BlockKind.PARAGRAPH

    def flush():
        if paragraph:
            blocks.append(Block(paragraph_kind, "\n".join(paragraph)))
            paragraph.clear()
        if items:
            blocks.append(Block(BlockKind.LIST, items=tuple(items)))
            items.clear()

    for raw in text.splitlines():
        line = raw.strip(" \t")  # not the no-break space that `plain` put before user markup
        table = TABLE.match(line)
        if not line:
            flush()
        elif line.startswith(("# ", "## ")):
            flush()
            level, title = line.split(" ", 1)
            blocks.append(Block(BlockKind.HEADING, title.strip(), level=len(level)))
        elif line.startswith("- "):
            if paragraph:
                flush()
            items.append(line[2:].strip())
        elif line == SIGNATURE:
            flush()
            paragraph_kind = BlockKind.SIGNATURE
        elif table:
            flush()
            blocks.append(Block(BlockKind.TABLE, labels=tuple(label.strip() for label in table["labels"].split("|"))))
        else:
            if items:
                flush()
            paragraph.append(line)
    flush()
    return blocks
