"""The objector's side in the portal: lodge an objection, repair it, add documents, withdraw it.

An action is shown, and accepted, only when it applies now; anything else is a 404, exactly
like a case of someone else. Documents are checked before anything is stored and stored in the
same transaction as the action (the helpers of the case page).
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regeling.applications import case_views
from regeling.applications.access import own_application_or_404
from regeling.applications.caseforms import MultipleFileField, ObjectionForm, WithdrawForm
from regeling.applications.forms import posted
from regeling.applications.models import DocumentKind
from regeling.audit import log as audit
from regeling.core import limits
from regeling.core.forms import LongTextField

from . import services
from .models import Objection
from .states import OPEN, ObjectionStatus


class RepairForm(forms.Form):
    grounds = LongTextField(
        max_length=limits.TEXT,
        label=gettext_lazy("Your addition"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=gettext_lazy("For example the grounds of your objection. A signed letter can be added as a file."),
    )
    files = MultipleFileField(label=gettext_lazy("Documents"), required=False)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("grounds", "").strip() or cleaned.get("files")):
            raise forms.ValidationError(gettext_lazy("Write your addition or add a document."))
        return cleaned


class DocumentsForm(forms.Form):
    files = MultipleFileField(label=gettext_lazy("Documents for your objection"))


def objectable_letter(application, user):
    """The decision the objector can object to now, or None (then the action is not offered)."""
    if "objection" not in case_views.available_actions(application, user):
        return None
    letter = services.contested_letter_for(application)
    if letter is None or Objection.objects.filter(contested_letter=letter, status=ObjectionStatus.DECIDED).exists():
        return None
    return letter


def _open_objection_or_404(request, public_id, *states):
    application = own_application_or_404(request.user, public_id)
    objection = application.objections.filter(status__in=states or OPEN).order_by("pk").last()
    if objection is None:
        raise Http404
    return application, objection


@login_required
def lodge(request, public_id):
    application = own_application_or_404(request.user, public_id)
    letter = objectable_letter(application, request.user)
    if letter is None:
        raise Http404

    def perform(data, checked):
        services.lodge_objection(
            application.pk, by=request.user, grounds=data["reasons"], costs_requested=data["costs_requested"]
        )
        case_views._store(application, checked, kind=DocumentKind.OBJECTION, by=request.user)

    return case_views._run_action(
        request,
        application,
        ObjectionForm(*posted(request)),
        "applications/case/objection.html",
        perform=perform,
        done=_("Your objection has been received."),
        term_ends=application.objection_term_ends,
        contested=letter,
    )


@login_required
def repair(request, public_id):
    application, objection = _open_objection_or_404(request, public_id, ObjectionStatus.REPAIR_REQUESTED)

    def perform(data, checked):
        services.complete_repair(objection.pk, by=request.user, grounds=data["grounds"])
        case_views._store(application, checked, kind=DocumentKind.OBJECTION, by=request.user)

    return case_views._run_action(
        request,
        application,
        RepairForm(*posted(request)),
        "objections/repair.html",
        perform=perform,
        done=_("Thank you. We have received your addition."),
        objection=objection,
    )


@login_required
def add_documents(request, public_id):
    application, objection = _open_objection_or_404(request, public_id)

    def perform(data, checked):
        case_views._store(application, checked, kind=DocumentKind.OBJECTION, by=request.user)
        audit.record("objection.add_documents", actor=request.user, obj=objection, count=len(checked))

    return case_views._run_action(
        request,
        application,
        DocumentsForm(*posted(request)),
        "objections/documents.html",
        perform=perform,
        done=_("Your documents have been added to your objection."),
        objection=objection,
    )


@login_required
def withdraw(request, public_id):
    """GET asks for confirmation; only the POST withdraws."""
    application, objection = _open_objection_or_404(request, public_id)

    def perform(data, checked):
        services.withdraw_objection(objection.pk, by=request.user)

    return case_views._run_action(
        request,
        application,
        WithdrawForm(posted(request)[0]),
        "objections/withdraw.html",
        perform=perform,
        done=_("Your objection has been withdrawn."),
        objection=objection,
    )
