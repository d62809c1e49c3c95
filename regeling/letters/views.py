"""Downloading a letter: only its addressee and assessors of the case's body, always as an attachment."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from regeling.audit import log as audit

from .models import Letter, LetterStatus


@login_required
def download_letter(request, public_id):
    letter = (
        Letter.objects.select_related("application").filter(public_id=public_id, status=LetterStatus.RENDERED).first()
    )
    user = request.user
    if letter is None or not (user.pk == letter.application.applicant_id or _same_body_assessor(user, letter)):
        raise Http404
    audit.record("letter.download", obj=letter, request=request)
    # The file name is the letter's number: nothing personal.
    return FileResponse(
        letter.pdf.open("rb"), as_attachment=True, filename=f"{letter.reference}.pdf", content_type="application/pdf"
    )


def _same_body_assessor(user, letter) -> bool:
    return user.is_assessor and user.organisation_id == letter.application.organisation_id
