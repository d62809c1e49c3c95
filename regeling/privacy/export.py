"""Right of access: a user downloads everything held about them in one click.

A zip with data.json (the account, every application with its lines, documents,
information requests, history and letters, and the audit events they caused)
plus the PDFs of their letters and the files they uploaded. The download is
audited and never cached.
"""

import io
import json
import mimetypes
import zipfile

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from regeling.applications.models import Application
from regeling.audit import log as audit
from regeling.audit.models import AuditEvent

from .overview import overview

# Secrets and machinery, not data about the person.
_LEFT_OUT = {"password", "residence_key", "bsn", "bsn_index"}


def _fields(obj) -> dict:
    """Every column as stored (decrypted); stored files are in the zip, not in the JSON."""
    return {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if f.attname not in _LEFT_OUT and not isinstance(f, models.FileField)
    }


def _application_data(application) -> dict:
    data = _fields(application)
    data["lines"] = [_fields(line) for line in application.lines.all()]
    data["documents"] = [_fields(document) for document in application.documents.all()]
    data["information_requests"] = [_fields(request) for request in application.information_requests.all()]
    data["history"] = [_fields(change) for change in application.history.all()]
    data["letters"] = [_fields(letter) for letter in application.letters.all()]
    return data


def build_export(user) -> bytes:
    """The zip for `user`: data.json, letters/ and documents/."""
    applications = list(Application.objects.filter(applicant=user).order_by("pk"))
    payload = {
        "generated_at": timezone.now(),
        "account": _fields(user)
        # The BSN is never shown in full, not even in the person's own download (issue #17).
        | {"body": str(user.body) if user.body_id else None, "bsn": user.bsn_masked},
        "applications": [_application_data(application) for application in applications],
        "audit_events": [_fields(event) for event in AuditEvent.objects.filter(actor=user).order_by("pk")],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(payload, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False))
        for application in applications:
            for letter in application.letters.exclude(pdf=""):
                with letter.pdf.open("rb") as pdf:
                    archive.writestr(f"letters/{letter.reference}.pdf", pdf.read())
            for document in application.documents.all():
                extension = mimetypes.guess_extension(document.content_type) or ""
                with document.file.open("rb") as stored:
                    archive.writestr(f"documents/{application.reference}-{document.pk}{extension}", stored.read())
    return buffer.getvalue()


@never_cache
@login_required
def my_data(request):
    """GET shows what we hold as a page to read (audited: it shows the address and account);
    POST (one button beside it) downloads the complete zip."""
    if request.method != "POST":
        audit.record("account.data_read", obj=request.user, request=request)
        return render(request, "privacy/my_data.html", {"sections": overview(request.user)})
    content = build_export(request.user)
    audit.record("account.data_export", obj=request.user, request=request, size=len(content))
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="my-data-{timezone.localdate():%Y%m%d}.zip"'
    return response
