"""The letter data lives with the cases (regeling/applications/letterdata.py), so the web can
show the HTML twin and the assessor's preview from the same data; the worker reads it here."""

from regeling.applications.letterdata import LetterData, LineData, letter_data_of, letter_query, stored_pdf

__all__ = ["LetterData", "LineData", "letter_data_of", "letter_query", "stored_pdf"]
