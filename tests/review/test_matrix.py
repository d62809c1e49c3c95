"""Every back-office URL for each kind of visitor: the same body's assessor gets through,
another body's assessor gets a 404 (as if nothing were there), an officeholder a 403,
and an anonymous visitor is sent to the sign-in page."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from regeling.applications.models import Document, DocumentKind
from regeling.payments import services as payment_services
from tests.factories import settled_case
from tests.helpers import sign_in


@pytest.fixture
def world(body, assessor):
    body.iban, body.bic = "NL20INGB0001234567", "INGBNL2A"
    body.save()
    case = settled_case(body, assessor)
    document = Document(
        application=case,
        kind=DocumentKind.INVOICE,
        content_type="application/pdf",
        size=4,
        sha256="0" * 64,
        uploaded_by=case.applicant,
    )
    document.file.save("upload", ContentFile(b"%PDF"), save=False)
    document.save()
    batch = payment_services.prepare_batch(by=assessor, application_ids=[case.pk], execution_date=timezone.localdate())
    return {"case": case.public_id, "document": document.public_id, "batch": batch.public_id}


# (method, url name, argument names, status for: same body, other body, officeholder, anonymous)
MATRIX = [
    ("get", "review:work_list", (), (200, 200, 403, 302)),
    ("get", "review:export", (), (200, 200, 403, 302)),
    ("get", "review:corrections", (), (200, 200, 403, 302)),
    ("get", "review:case", ("case",), (200, 404, 403, 302)),
    ("post", "review:reveal_iban", ("case",), (200, 404, 403, 302)),
    ("get", "review:document", ("case", "document"), (200, 404, 403, 302)),
    ("post", "review:act", ("case", "note"), (302, 404, 403, 302)),
    ("post", "review:act", ("case", "take"), (302, 404, 403, 302)),
    ("get", "payments:batches", (), (200, 200, 403, 302)),
    ("get", "payments:batch", ("batch",), (200, 404, 403, 302)),
    ("get", "payments:download_xml", ("batch",), (200, 404, 403, 302)),
    ("get", "payments:download_csv", ("batch",), (200, 404, 403, 302)),
    ("post", "payments:confirm", ("batch",), (302, 404, 403, 302)),
    # Every body has its own budget: another body's assessor sees their own figures.
    ("get", "budgets:budget", (), (200, 200, 403, 302)),
    ("get", "budgets:budget_chart", (), (200, 200, 403, 302)),
]
VISITORS = ["assessor", "foreign_assessor", "officeholder", "anonymous"]


@pytest.mark.parametrize(("method", "name", "args", "expected"), MATRIX)
@pytest.mark.parametrize("visitor", VISITORS)
def test_each_visitor_gets_the_right_status_when_opening_a_back_office_url(
    request, world, method, name, args, expected, visitor
):
    client = Client()
    if visitor != "anonymous":
        sign_in(client, request.getfixturevalue(visitor))
    values = [world.get(arg, arg) for arg in args]
    data = {"note-text": "Notitie"} if args[-1:] == ("note",) else {}
    response = getattr(client, method)(reverse(name, args=values), data)
    assert response.status_code == expected[VISITORS.index(visitor)]
