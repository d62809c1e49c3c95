"""Money is integer cents everywhere; these turn it into text and back."""

from decimal import Decimal, InvalidOperation


def format_euros(cents: int | None) -> str:
    """2400,00 shown as '€ 2.400,00' (Dutch notation)."""
    if cents is None:
        return "–"
    whole, rest = divmod(abs(cents), 100)
    sign = "-" if cents < 0 else ""
    return f"{sign}€ {whole:,}".replace(",", ".") + f",{rest:02d}"


def parse_euros(text: str) -> int:
    """'2.400,50', '2400.50', '€ 2400' -> cents. Raises ValueError on anything else."""
    cleaned = text.replace("€", "").replace(" ", "").strip()
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if amount.as_tuple().exponent < -2 or amount < 0:
        raise ValueError(text)
    return int(amount * 100)
