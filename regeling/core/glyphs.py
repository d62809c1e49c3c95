"""Whether a letter can print a text: the one check the forms call on every field whose
text ends up in a letter (names, address, measures, motivations, messages).

The letter fonts (worker/letters/styles.py) draw Latin with every diacritic, Greek,
Cyrillic, Arabic and Hebrew. A character outside them would print as an empty box, so
it is refused where it is typed, with a message that names it. letter_glyphs.txt is
the fonts' character set as code point ranges; a test keeps it equal to the fonts.
"""

from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

GLYPHS = Path(__file__).with_name("letter_glyphs.txt")


@cache
def printable() -> frozenset[int]:
    codes = set()
    for line in GLYPHS.read_text().split():
        start, end = line.split("-")
        codes.update(range(int(start, 16), int(end, 16) + 1))
    return frozenset(codes)


def unprintable(text: str) -> list[str]:
    """The characters of `text` no letter font can draw, each once, in order."""
    known = printable()
    return list(dict.fromkeys(char for char in text if not char.isspace() and ord(char) not in known))


def validate_printable(value) -> None:
    """Refuse text with a character the letters cannot print (a form field validator)."""
    missing = unprintable(str(value or ""))
    if missing:
        shown = ", ".join(f"“{char}” (U+{ord(char):04X})" for char in missing[:5])
        raise ValidationError(
            _(
                "A letter cannot print this character: %(characters)s. Write it another way, "
                "for example in Latin letters."
            ),
            code="unprintable",
            params={"characters": shown},
        )
