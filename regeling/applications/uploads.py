"""Accepting, storing and serving an applicant's documents.

A file is judged by its content, never by its name: the first bytes must be
those of a PDF, JPEG or PNG, and pypdf or Pillow must actually parse it. Images
are re-encoded without metadata, so EXIF (GPS position, camera, time) never
reaches the disk. Files are stored under generated names in the private
storage and served only through `download_response`, as an attachment.
"""

import hashlib
import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from regeling.accounts.access import deny
from regeling.audit import log as audit
from regeling.core.filescan import check_hostile

from .models import Document

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES_PER_APPLICATION = 20

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
MAGIC = ((b"%PDF-", PDF), (b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG))
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png"}


def sniff(data: bytes) -> str | None:
    """The content type the first bytes announce, or None when it is none we accept."""
    return next((content_type for magic, content_type in MAGIC if data.startswith(magic)), None)


def _refuse_unreadable() -> ValidationError:
    return ValidationError(
        _("This file cannot be read. Upload a PDF, JPEG or PNG file that opens on your own computer."),
        code="unreadable",
    )


def _check_pdf(data: bytes) -> bytes:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted or len(reader.pages) == 0:
            raise _refuse_unreadable()
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _refuse_unreadable() from exc
    return data


def _strip_image(data: bytes, content_type: str) -> bytes:
    """Decode and re-encode the pixels only: EXIF, GPS, XMP and comments stay behind."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            # Turn the pixels upright first: the orientation tag goes with the rest of the metadata.
            image = ImageOps.exif_transpose(image)
            fmt = "JPEG" if content_type == JPEG else "PNG"
            if fmt == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            # A fresh image holds pixels only; nothing of `image.info` is carried over.
            clean = Image.new(image.mode, image.size)
            if image.mode == "P":
                clean.putpalette(image.getpalette())
            clean.paste(image)
            out = io.BytesIO()
            clean.save(out, format=fmt, **({"quality": 90} if fmt == "JPEG" else {}))
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise _refuse_unreadable() from exc
    return out.getvalue()


def clean_upload(upload) -> tuple[bytes, str]:
    """Check an uploaded file and return (bytes to store, content type). Raises ValidationError."""
    if upload.size > MAX_FILE_BYTES:
        raise ValidationError(_("This file is larger than 10 MB. Upload a smaller file."), code="too_large")
    data = upload.read()
    content_type = sniff(data)
    if content_type is None:
        raise ValidationError(_("Only PDF, JPEG and PNG files are accepted."), code="file_type")
    check_hostile(data, content_type)
    if content_type == PDF:
        return _check_pdf(data), content_type
    return _strip_image(data, content_type), content_type


def check_room_for(application, count: int) -> None:
    """Refuse more than the limit of files per application."""
    if application.documents.count() + count > MAX_FILES_PER_APPLICATION:
        raise ValidationError(
            _("An application can hold at most %(limit)d files. Remove a file first.")
            % {"limit": MAX_FILES_PER_APPLICATION},
            code="too_many",
        )


def store_document(application, *, data: bytes, content_type: str, name: str, kind: str, by, **links) -> Document:
    """Save checked bytes as a Document under a generated name; audited. `name` is shown to the applicant only."""
    document = Document(
        application=application,
        kind=kind,
        display_name=name[:200],
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=by,
        **links,
    )
    document.file.save(EXTENSIONS[content_type], ContentFile(data), save=False)
    document.save()
    audit.record("document.upload", actor=by, obj=document, kind=kind)
    return document


def check_files(application, files) -> list[tuple[tuple[bytes, str], str]]:
    """Check every file before storing any: the room left on the case, then each file.

    Returns ((bytes to store, content type), uploaded name) per file; raises the first ValidationError.
    """
    check_room_for(application, len(files))
    return [(clean_upload(upload), upload.name) for upload in files]


def download_response(document, request) -> FileResponse:
    """The file as an attachment that no browser will render or sniff; the download is audited.

    The one way a stored document leaves the system, for the applicant and the case file alike.
    The file name says only which case and kind it is (the uploader's own name may be personal).
    A row that outlived its file is a 404, written to the audit log like any refused look.
    """
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise deny(request, "document.file_missing", public_id=str(document.public_id)) from exc
    audit.record("document.download", obj=document, request=request)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{document.application.reference}-{document.kind}-{document.pk}.{EXTENSIONS[document.content_type]}",
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
