"""Finding an officeholder's own records. Anything else is a 404, the same as an id that does not exist."""

from django.http import Http404

from .models import Application, Document


def own_application_or_404(user, public_id) -> Application:
    try:
        return Application.objects.select_related("body").get(public_id=public_id, applicant=user)
    except Application.DoesNotExist as exc:
        raise Http404 from exc


def own_document_or_404(application: Application, document_id) -> Document:
    """A document of an application already found through `own_application_or_404`."""
    try:
        return application.documents.get(public_id=document_id)
    except Document.DoesNotExist as exc:
        raise Http404 from exc
