"""Decision letters with ReportLab. Nothing outside this package imports ReportLab.

data.py turns a letter record into a frozen LetterData; story.py turns that
into flowables; layout.py places them on pages with letterhead and footer.
"""

from .data import LetterData
from .layout import render
from .story import build_story

__all__ = ["LetterData", "build_story", "render"]
