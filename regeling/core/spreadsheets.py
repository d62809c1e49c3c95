"""Text cells that spreadsheet programs will not run as formulas (CSV exports).

Spreadsheet programs run cells that start with =, +, -, @ (or a tab or carriage
return) as formulas; such cells get a leading apostrophe so they stay text.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
