"""Money is integer cents everywhere; these turn it into text and back."""

import re
from decimal import Decimal

# The highest amount one line may hold: far above any measure's cap, low enough that a typo
# such as "1e9" or a pasted account number is caught rather than stored.
MAX_LINE_CENTS = 100_000_000  # € 1.000.000,00

# How people in the Netherlands write euros: "12.500", "1.250,00", "2150,-", "2150,5", "€ 2.150".
_DUTCH = re.compile(r"^(?P<whole>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<cents>\d{1,2}|-{1,2}))?$")


def format_euros(cents: int | None) -> str:
    """2400,00 shown as '€ 2.400,00' (Dutch notation)."""
    if cents is None:
        return "–"
    whole, rest = divmod(abs(cents), 100)
    sign = "-" if cents < 0 else ""
    return f"{sign}€ {whole:,}".replace(",", ".") + f",{rest:02d}"


def parse_euros(text: str) -> int:
    """'12.500', '1.250,00', '2150,-', '€ 2.400,5' -> cents.

    Raises ValueError on anything else: exponents ('1e9'), signs, more than two decimals,
    thousands dots in the wrong place, and a decimal point ('2400.50'), which would be
    read as a thousands dot by one person and as cents by another.
    """
    compact = re.sub(r"[\s\u00a0€]|EUR", "", str(text), flags=re.IGNORECASE)
    match = _DUTCH.match(compact)
    if not match:
        raise ValueError(text)
    cents = (match["cents"] or "").strip("-").ljust(2, "0")
    return int(Decimal(match["whole"].replace(".", "")) * 100 + int(cents))
