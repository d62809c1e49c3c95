import pytest

from tests.factories import OfficeholderFactory


@pytest.fixture
def other_officeholder(body):
    """Same body, different person: must never see the first one's records."""
    return OfficeholderFactory(body=body, first_name="Olga")
