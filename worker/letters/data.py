"""The letter data lives with the cases (regeling/applications/letterdata.py), so the web can
show the HTML twin and the assessor's preview from the same data; the worker reads it here."""

from regeling.applications.letterdata import (
    LetterData,
    LetterDataTooLarge,
    LineData,
    check_sizes,
    letter_data_of,
    letter_query,
    stored_pdf,
)

__all__ = [
    "LetterData",
    "LetterDataTooLarge",
    "LineData",
    "check_sizes",
    "letter_data_of",
    "letter_query",
    "stored_pdf",
]
