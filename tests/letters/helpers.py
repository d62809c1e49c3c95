"""Helpers to write a letter row and read a story or a PDF as text."""

import io

from pypdf import PdfReader

from regeling.letters.models import Letter
from worker.letters import LetterData


def make_letter(application, kind: str, *, author=None, language: str = "nl") -> Letter:
    return Letter.objects.create(application=application, kind=kind, author=author, language=language)


def letter_data(application, kind: str, **kwargs) -> LetterData:
    return LetterData.from_letter(make_letter(application, kind, **kwargs))


def story_text(story) -> str:
    """The plain text of every paragraph and table cell, in order."""
    parts = []
    for flowable in story:
        if hasattr(flowable, "getPlainText"):
            parts.append(flowable.getPlainText())
        for row in getattr(flowable, "_cellvalues", []):
            parts.extend(cell.getPlainText() for cell in row)
    return "\n".join(parts)


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
