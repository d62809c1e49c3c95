"""The officeholder's portal: their applications, a new application, the case page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regeling.audit import log as audit
from regeling.schemes.versions import version_for

from . import services
from .access import own_application_or_404
from .forms import QuickApplicationForm
from .models import Application, MeasureLine
from .states import APPLICANT_LABELS


@login_required
def application_list(request):
    applications = Application.objects.filter(applicant=request.user).order_by("-created_at")
    return render(request, "applications/list.html", {"applications": applications})


@login_required
def new_application(request):
    user = request.user
    if not user.is_officeholder or user.organisation_id is None:
        raise PermissionDenied
    form = QuickApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            application = Application.objects.create(
                applicant=user,
                organisation=user.organisation,
                office=user.office,
                scheme_version=version_for(timezone.localdate()),
                address_line=data["address_line"],
                postcode=data["postcode"],
                city=data["city"],
                is_main_residence=True,
                iban=data["iban"],
                account_holder=data["account_holder"],
                declared_at=timezone.now(),
            )
            MeasureLine.objects.create(
                application=application,
                measure=data["measure"],
                description=data["description"],
                requested_cents=data["amount"],
            )
            audit.record("application.create", obj=application, request=request)
        return redirect("applications:detail", application.public_id)
    return render(request, "applications/new.html", {"form": form})


@login_required
def application_detail(request, public_id):
    application = own_application_or_404(request.user, public_id)
    audit.record("application.read", obj=application, request=request)
    return render(
        request,
        "applications/detail.html",
        {
            "application": application,
            "status_label": APPLICANT_LABELS[application.status],
            "letters": application.letters.filter(status="rendered"),
            "letters_pending": application.letters.exclude(status="rendered").exists(),
        },
    )


@login_required
@require_POST
def submit(request, public_id):
    application = own_application_or_404(request.user, public_id)
    services.submit_application(application.pk, by=request.user)
    messages.success(request, _("Your application has been sent. You will receive a confirmation of receipt."))
    return redirect("applications:detail", application.public_id)
