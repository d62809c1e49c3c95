import pytest


@pytest.fixture
def paying_body(body):
    body.iban, body.bic = "NL20INGB0001234567", "INGBNL2A"
    body.save()
    return body
