"""Uploads are judged by content, limited in size and number, stored without metadata, served as attachments."""

import io

import pytest
from django.urls import reverse
from PIL import Image
from PIL.PngImagePlugin import PngInfo
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from regeling.applications import uploads
from regeling.applications.models import Document, DocumentKind
from regeling.audit.models import AuditEvent
from tests.factories import ApplicationFactory
from tests.helpers import sign_in

from .files import GPS_IFD, jpeg_with_gps, pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(officeholder):
    return ApplicationFactory(applicant=officeholder, draft_step=4, declared_at=None)


def post_upload(client, application, file, kind=DocumentKind.QUOTE):
    return client.post(
        reverse("applications:upload", args=[application.public_id]), {"upload-kind": kind, "upload-file": file}
    )


def test_upload_is_refused_when_an_executable_is_renamed_pdf(client, officeholder, draft):
    sign_in(client, officeholder)
    response = post_upload(client, draft, upload("offerte.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200))
    assert response.status_code == 400 and "id_upload-file_error" in response.content.decode()
    assert not Document.objects.exists()


def test_upload_is_refused_when_html_is_renamed_png(client, officeholder, draft):
    sign_in(client, officeholder)
    response = post_upload(client, draft, upload("foto.png", b"<html><script>alert(1)</script></html>", "image/png"))
    assert response.status_code == 400 and not Document.objects.exists()


def test_upload_is_refused_when_a_pdf_header_hides_garbage(client, officeholder, draft):
    sign_in(client, officeholder)
    response = post_upload(client, draft, upload("offerte.pdf", b"%PDF-1.7\n" + b"garbage" * 50))
    assert response.status_code == 400 and not Document.objects.exists()


def test_upload_is_refused_when_the_file_is_larger_than_10_mb(client, officeholder, draft):
    sign_in(client, officeholder)
    oversized = pdf_bytes() + b"\n%" + b"0" * uploads.MAX_FILE_BYTES
    response = post_upload(client, draft, upload("groot.pdf", oversized))
    assert response.status_code == 400 and "10 MB" in response.content.decode()
    assert not Document.objects.exists()


def test_upload_is_refused_when_the_application_already_holds_the_maximum(client, officeholder, draft, settings):
    sign_in(client, officeholder)
    for _ in range(uploads.MAX_FILES_PER_APPLICATION):
        assert post_upload(client, draft, upload("offerte.pdf", pdf_bytes())).status_code == 302
    response = post_upload(client, draft, upload("een-te-veel.pdf", pdf_bytes()))
    assert response.status_code == 400
    assert draft.documents.count() == uploads.MAX_FILES_PER_APPLICATION


def test_jpeg_is_stored_without_gps_when_the_photo_carried_a_position(client, officeholder, draft):
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)
    sign_in(client, officeholder)
    assert post_upload(client, draft, upload("foto.jpg", original, "image/jpeg")).status_code == 302

    document = draft.documents.get()
    stored = document.file.read()
    image = Image.open(io.BytesIO(stored))
    assert document.content_type == "image/jpeg" and image.size == (40, 30)
    assert not image.getexif() and b"Exif" not in stored and b"PhoneMaker" not in stored


def test_file_is_stored_under_a_generated_name_when_uploaded(client, officeholder, draft):
    sign_in(client, officeholder)
    post_upload(client, draft, upload("Lindelaan 12 offerte.pdf", pdf_bytes()))
    document = draft.documents.get()
    assert "Lindelaan" not in document.file.name and document.file.name.startswith("documents/")
    assert document.display_name == "Lindelaan 12 offerte.pdf"


def test_document_is_downloaded_as_audited_attachment_when_the_applicant_asks(client, officeholder, draft):
    sign_in(client, officeholder)
    post_upload(client, draft, upload("offerte.pdf", pdf_bytes()))
    document = draft.documents.get()
    response = client.get(reverse("applications:document", args=[draft.public_id, document.public_id]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="document.download", object_id=str(document.public_id)).exists()


def test_document_is_removed_when_the_draft_owner_removes_it(client, officeholder, draft):
    sign_in(client, officeholder)
    post_upload(client, draft, upload("offerte.pdf", pdf_bytes()))
    document = draft.documents.get()
    client.post(reverse("applications:remove_document", args=[draft.public_id, document.public_id]))
    assert not draft.documents.exists()


def test_png_is_stored_without_text_chunks_when_the_image_carried_them(client, officeholder, draft):
    info = PngInfo()
    info.add_text("Comment", "Lindelaan 12, Utrecht")
    out = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 0, 255, 128)).save(out, "PNG", pnginfo=info)
    sign_in(client, officeholder)
    assert post_upload(client, draft, upload("scan.png", out.getvalue(), "image/png")).status_code == 302

    stored = draft.documents.get().file.read()
    assert stored.startswith(b"\x89PNG") and b"Lindelaan" not in stored
    assert Image.open(io.BytesIO(stored)).size == (20, 20)


def test_upload_is_refused_when_the_pdf_carries_javascript(client, officeholder, draft):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_open_action(JavaScript("app.alert('hallo');"))
    out = io.BytesIO()
    writer.write(out)
    sign_in(client, officeholder)
    response = post_upload(client, draft, upload("offerte.pdf", out.getvalue()))
    assert response.status_code == 400 and not Document.objects.exists()
