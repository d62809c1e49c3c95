"""The hostile-upload checks guard the portal's real upload view, not only the function."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from regeling.applications.models import Document
from tests.factories import ApplicationFactory
from tests.helpers import sign_in
from tests.security.test_filescan import EICAR, FakeClamd, _png_header_claiming, _raw_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in_draft(client, officeholder):
    sign_in(client, officeholder)
    return ApplicationFactory(applicant=officeholder, draft_step=4, declared_at=None)


def _upload(client, application, name, data, content_type):
    return client.post(
        reverse("applications:upload", args=[application.public_id]),
        {"upload-kind": "quote", "upload-file": SimpleUploadedFile(name, data, content_type=content_type)},
    )


def test_image_bomb_refused_with_a_message_when_uploaded(client, signed_in_draft):
    response = _upload(client, signed_in_draft, "foto.png", _png_header_claiming(100_000, 100_000), "image/png")
    assert response.status_code == 400 and "id_upload-file_error" in response.content.decode()
    assert not Document.objects.exists()


def test_infected_pdf_refused_when_clamd_flags_it(client, signed_in_draft, settings):
    clamd = FakeClamd()
    settings.CLAMD_HOST, settings.CLAMD_PORT = "127.0.0.1", clamd.port
    try:
        infected = _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])
        response = _upload(client, signed_in_draft, "offerte.pdf", infected + b"%" + EICAR, "application/pdf")
    finally:
        clamd.close()
    assert response.status_code == 400 and not Document.objects.exists()
    assert len(clamd.received) == 1
