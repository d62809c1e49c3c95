"""The officeholder's portal: their applications, the numbered steps of a draft, the receipt.

Every view finds the application through `own_application_or_404`: another
person's id is a 404, the same as an id that does not exist. The case page and
its actions live in case_views.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regeling.accounts.assurance import requires_level
from regeling.audit import log as audit
from regeling.core.forms import error_list
from regeling.schemes.versions import version_for

from . import services, steps, uploads
from .access import own_application_or_404, own_document_or_404
from .models import Application
from .states import APPLICANT_LABELS, Status


@login_required
def application_list(request):
    applications = Application.objects.filter(applicant=request.user).order_by("-created_at")
    rows = [(application, APPLICANT_LABELS[application.status]) for application in applications]
    return render(request, "applications/list.html", {"rows": rows})


@login_required
@requires_level("DIGID_MIN_LEVEL_APPLY")
def new_application(request):
    """GET explains what is needed; POST starts a draft (a GET never creates anything)."""
    user = request.user
    if not user.is_officeholder or user.body_id is None:
        raise PermissionDenied
    if request.method != "POST":
        return render(request, "applications/new.html", {"version": version_for(timezone.localdate())})
    application = services.start_draft(by=user, request=request)
    return redirect("applications:step", application.public_id, 1)


def _own_draft(request, public_id):
    application = own_application_or_404(request.user, public_id)
    return application, application.status == Status.DRAFT


@login_required
@requires_level("DIGID_MIN_LEVEL_APPLY")
def step(request, public_id, number):
    application, is_draft = _own_draft(request, public_id)
    if not is_draft:
        return redirect("applications:detail", application.public_id)
    if number not in steps.STEPS:
        return redirect("applications:step", application.public_id, application.draft_step)
    if number > application.draft_step:
        return redirect("applications:step", application.public_id, application.draft_step)
    step_class = steps.STEPS[number]
    if request.method != "POST":
        # A step shows the home address or the IBAN: every read is audited.
        audit.record("application.read", obj=application, request=request, step=number)
        return _render_step(request, step_class(application, request.user))
    current = step_class(application, request.user, request.POST, request.FILES)
    if "add_row" in request.POST:
        return _render_step(request, current)
    if "later" in request.POST:
        current.save_partial()
        audit.record("application.save_draft", obj=application, request=request, step=number)
        messages.success(request, _("Your draft has been saved. You can continue later from My applications."))
        return redirect("applications:list")
    if not current.is_valid():
        return _render_step(request, current, status=400)
    current.save()
    if number == steps.LAST:
        return redirect("applications:receipt", application.public_id)
    application.draft_step = max(application.draft_step, number + 1)
    application.save(update_fields=["draft_step", "updated_at"])
    audit.record("application.save_draft", obj=application, request=request, step=number)
    return redirect("applications:step", application.public_id, number + 1)


def _render_step(request, current, status=200, upload_form=None):
    context = {
        "application": current.application,
        "step": current,
        "progress": steps.progress(current.application, current.number),
        **current.context(),
    }
    if upload_form is not None:
        context["upload_form"] = upload_form
    # One summary for the step's own forms and a refused upload, at the top of the page.
    context["errors"] = current.error_links() + error_list(upload_form)
    return render(request, current.template, context, status=status)


@login_required
@require_POST
@requires_level("DIGID_MIN_LEVEL_APPLY")
def upload(request, public_id):
    """Add files to a draft (step 4). Nothing is stored unless every file passes the checks."""
    application, is_draft = _own_draft(request, public_id)
    if not is_draft:
        return redirect("applications:detail", application.public_id)
    current = steps.DocumentsStep(application, request.user)
    form = current.upload_form(request.POST, request.FILES)
    files = request.FILES.getlist("upload-file")
    if form.is_valid():
        try:
            checked = uploads.check_files(application, files)
        except ValidationError as exc:
            form.add_error("file", exc)
    if form.errors:
        return _render_step(request, current, status=400, upload_form=form)
    with transaction.atomic():
        for (data, content_type), name in checked:
            uploads.store_document(
                application,
                data=data,
                content_type=content_type,
                name=name,
                kind=form.cleaned_data["kind"],
                by=request.user,
            )
    messages.success(request, _("Your file has been added."))
    return redirect("applications:step", application.public_id, steps.DocumentsStep.number)


@login_required
@require_POST
@requires_level("DIGID_MIN_LEVEL_APPLY")
def remove_document(request, public_id, document_id):
    application, is_draft = _own_draft(request, public_id)
    document = own_document_or_404(application, document_id)
    if not is_draft:
        return redirect("applications:detail", application.public_id)
    audit.record("document.remove", obj=document, request=request)
    document.file.delete(save=False)
    document.delete()
    messages.success(request, _("The file has been removed."))
    return redirect("applications:step", application.public_id, steps.DocumentsStep.number)


@login_required
@requires_level("DIGID_MIN_LEVEL_APPLY")
def delete_draft(request, public_id):
    """GET asks for confirmation and says what goes; only the POST deletes. A sent application
    cannot be deleted (its page offers withdrawing instead)."""
    application, is_draft = _own_draft(request, public_id)
    if not is_draft:
        return redirect("applications:detail", application.public_id)
    if request.method != "POST":
        context = {
            "application": application,
            "lines": application.lines.count(),
            "documents": application.documents.count(),
        }
        return render(request, "applications/delete_draft.html", context)
    reference = services.delete_draft(application.pk, by=request.user, request=request)
    messages.success(
        request,
        _("Draft %(reference)s has been deleted, with its measures and files. Nothing else was changed.")
        % {"reference": reference},
    )
    return redirect("applications:list")


@login_required
def download_document(request, public_id, document_id):
    application = own_application_or_404(request.user, public_id)
    return uploads.download_response(own_document_or_404(application, document_id), request)


@login_required
def receipt(request, public_id):
    application = own_application_or_404(request.user, public_id)
    if application.status == Status.DRAFT:
        return redirect("applications:step", application.public_id, application.draft_step)
    return render(request, "applications/receipt.html", {"application": application})
