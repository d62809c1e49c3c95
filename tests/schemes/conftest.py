import pytest


@pytest.fixture(autouse=True)
def _in_english(english_messages):
    """Every test here reads the English message ids (tests/conftest.py)."""
