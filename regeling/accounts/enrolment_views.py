"""The coordinator's (and administrator's) page for second factors: who has one, and a
one-time enrolment code for a new colleague or officeholder, or after a lost device
(enrolment.py). The code is shown once, in the answer to the POST, and never again."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from regeling.audit import log as audit

from . import enrolment
from .models import EnrolmentCode, UserKind


def people_in_scope(issuer):
    """Whom this coordinator or administrator hands codes to (the rule is enrolment.may_issue_enrolment_code)."""
    people = get_user_model().objects.filter(is_active=True).exclude(pk=issuer.pk)
    if enrolment.is_administrator(issuer):
        people = people.exclude(kind=UserKind.OFFICEHOLDER)
    else:
        people = people.filter(
            body=issuer.body,
            kind__in=[UserKind.ASSESSOR, UserKind.OFFICEHOLDER],
            is_staff=False,
            is_superuser=False,
        )
    open_code = EnrolmentCode.objects.filter(
        user=OuterRef("pk"), used_at__isnull=True, voided_at__isnull=True, expires_at__gt=timezone.now()
    )
    return people.annotate(
        has_device=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
        | Exists(WebAuthnCredential.objects.filter(user=OuterRef("pk"), confirmed=True)),
        has_open_code=Exists(open_code),
    ).order_by("kind", "last_name", "first_name", "email")


class IssueForm(forms.Form):
    person = forms.ModelChoiceField(
        label=gettext_lazy("Person"),
        queryset=get_user_model().objects.none(),
        error_messages={"invalid_choice": gettext_lazy("Choose a person from the list.")},
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=500,
        help_text=gettext_lazy("For example: new colleague, or phone lost (kept in the audit trail)."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda user: f"{user} ({user.get_kind_display()})"


@never_cache
@login_required
def enrolment_codes(request):
    """GET: who has a second factor. POST: a code for one person (resetting their devices first)."""
    issuer = request.user
    if not enrolment.may_issue_any(issuer):
        raise PermissionDenied
    people = people_in_scope(issuer)
    form = IssueForm(request.POST if request.method == "POST" else None, people=people)
    if request.method == "POST" and form.is_valid():
        person, reason = form.cleaned_data["person"], form.cleaned_data["reason"]
        try:
            if person.has_device:
                code = enrolment.reset_second_factor(person, by=issuer, reason=reason, request=request)
            else:
                code = enrolment.issue_enrolment_code(person, issued_by=issuer, reason=reason, request=request)
        except enrolment.NotAllowed:
            audit.record_denied("auth.enrolment_code_issued", request=request)
            raise PermissionDenied from None
        context = {"person": person, "code": code, "was_reset": person.has_device}
        return render(request, "accounts/enrolment_code_issued.html", context)
    if request.method == "POST":
        audit.record_denied("auth.enrolment_code_issued", request=request, reason="form")
    context = {"form": form, "people": people, "valid_hours": settings.ENROLMENT_CODE_VALID_HOURS}
    return render(request, "accounts/enrolment_codes.html", context, status=400 if form.errors else 200)
