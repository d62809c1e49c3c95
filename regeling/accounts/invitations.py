"""First-time accounts by invitation of the employer body, and the officeholder's profile.

Why invitation rather than self-registration: the body already knows who its
mayor, aldermen or executives are, so an assessor or coordinator invites an
e-mail address for an office of their own body. The account exists (inactive,
without a password) from that moment, tied to the right body and office; the
officeholder only chooses a password. Self-registration would let anyone
create an account that claims an office, put every claim in an assessor's
queue, and make the portal an oracle for "is this person an officeholder here".

The invitation link is signed and expires after INVITATION_VALID_DAYS; it
stops working once used, because it is bound to the account's password and
active state. It carries the account's number, never a name or address.
Using it also lets the same browser set up the second factor at the first
sign-in (enrolment.py): the link is the factor besides the new password.
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.nl import bsn as bsn_number

from regeling.audit import log as audit
from regeling.core import limits
from regeling.core.forms import LongTextField
from regeling.core.glyphs import validate_printable

from . import corrections, enrolment, mail_outbox
from .models import Office, UserKind, VouchedFact, bsn_lookup_key
from .oidc.config import digid_enabled

INVITATION_VALID_DAYS = 7
_SALT = "regeling.accounts.invitation"
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Offices an employer body can invite for; the ineligible ones are refused by the rules, not invited.
INVITABLE_OFFICES = [
    (value, label)
    for value, label in Office.choices
    if value
    not in (Office.COUNCIL_MEMBER, Office.PROVINCIAL_COUNCIL_MEMBER, Office.WATER_BOARD_MEMBER, Office.CIVIL_SERVANT)
]


# -- the signed link -------------------------------------------------------------
def _account_state(user) -> str:
    """Changes when the invitation is used (password set, account active), so a link works once."""
    return salted_hmac(_SALT, f"{user.pk}|{user.password}|{user.is_active}").hexdigest()[:20]


def make_token(user) -> str:
    return signing.dumps([user.pk, _account_state(user)], salt=_SALT)


def invited_user(token: str):
    """The inactive account the token invites, or None when it is forged, expired or used."""
    try:
        pk, state = signing.loads(token, salt=_SALT, max_age=timedelta(days=INVITATION_VALID_DAYS))
    except (signing.BadSignature, ValueError, TypeError):
        return None
    user = get_user_model().objects.filter(pk=pk, is_active=False).first()
    if user is None or state != _account_state(user):
        return None
    return user


INVITATION_MAIL = "invitation"


def send_invitation(user) -> None:
    """The mail names no office, body or person: only that an account awaits and the link.
    Written to the outbox in the caller's transaction (the link encrypted), sent after commit."""
    with translation.override(user.preferred_language):
        link = settings.SITE_URL + reverse("accounts:invitation_accept", args=[make_token(user)])
        mail_outbox.enqueue(
            INVITATION_MAIL,
            to=user.email,
            subject=_("Your account for security measures at home"),
            body=_(
                "Your employer body has created an account for you to apply for security measures at home.\n\n"
                "Choose your password within %(days)d days: %(link)s\n"
            )
            % {"days": INVITATION_VALID_DAYS, "link": link},
        )


# -- inviting --------------------------------------------------------------------
class InvitationForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address"))
    # Names head every letter: refused when the letter fonts lack a character.
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150, validators=[validate_printable])
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150, validators=[validate_printable])
    office = forms.ChoiceField(label=gettext_lazy("Office"), choices=INVITABLE_OFFICES)
    appointment_certain_on = forms.DateField(
        label=gettext_lazy("Date the appointment became certain"), widget=DATE_WIDGET
    )
    term_ends_on = forms.DateField(label=gettext_lazy("Term ends on"), widget=DATE_WIDGET, required=False)
    bsn = forms.CharField(
        label=gettext_lazy("Citizen service number (BSN), optional"),
        required=False,
        max_length=11,
        help_text=gettext_lazy("When filled in, only this person's DigiD can take up the invitation."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )

    def __init__(self, *args, body, **kwargs):
        self.body, self.pending = body, None
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        existing = get_user_model().objects.filter(email__iexact=email).first()
        if existing is None:
            return email
        if not existing.is_active and existing.last_login is None and existing.body_id == self.body.pk:
            self.pending = existing  # invited before and never accepted: invite again
            return email
        raise forms.ValidationError(_("An account with this e-mail address already exists."))

    def clean_bsn(self):
        bsn = "".join(self.cleaned_data["bsn"].split())
        if not bsn:
            return ""
        if not bsn_number.is_valid(bsn):
            raise forms.ValidationError(_("This is not a valid citizen service number."))
        others = get_user_model().objects.filter(bsn_index=bsn_lookup_key(bsn))
        if self.pending is not None:
            others = others.exclude(pk=self.pending.pk)
        if others.exists():
            raise forms.ValidationError(_("This citizen service number already belongs to another account."))
        return bsn


@login_required
def invite(request):
    """An assessor or coordinator invites an officeholder of their own body."""
    inviter = request.user
    if not inviter.is_assessor:
        raise PermissionDenied
    form = InvitationForm(request.POST if request.method == "POST" else None, body=inviter.body)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        facts = {name: data[name] for name in ("first_name", "last_name", "office", "appointment_certain_on")}
        facts["term_ends_on"] = data["term_ends_on"]
        with transaction.atomic():
            user = form.pending
            if user is None:
                user = get_user_model().objects.create_user(
                    data["email"],
                    password=None,
                    kind=UserKind.OFFICEHOLDER,
                    body=inviter.body,
                    is_active=False,
                    **facts,
                )
            else:
                for name, value in facts.items():
                    setattr(user, name, value)
                user.set_unusable_password()  # a fresh state: the earlier link stops working
            if data["bsn"]:
                user.set_bsn(data["bsn"])
            user.save()
            audit.record("account.invite", obj=user, request=request, again=form.pending is not None)
            send_invitation(user)  # after user.save(): the link is bound to the saved state
        messages.success(request, _("The invitation has been sent."))
        return redirect("accounts:invite")
    return render(request, "accounts/invitation.html", {"form": form}, status=400 if form.errors else 200)


def accept_invitation(request, token):
    """The officeholder chooses a password; the account becomes active. Signs nobody in."""
    user = invited_user(token)
    if user is None:
        return render(request, "accounts/invitation_invalid.html", status=400)
    form = SetPasswordForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save(commit=False)
            user.is_active = True
            user.save()
            audit.record("account.accept_invitation", actor=user, obj=user, request=None)
            # The link is the second thing besides the password: this browser may set up the
            # authenticator app at the first sign-in (enrolment.py), for ENROLMENT_GRANT_MINUTES.
            enrolment.grant_enrolment(request.session, user, method="invitation")
        messages.success(request, _("Your password has been set. You can now sign in."))
        return redirect("accounts:login")
    context = {"form": form, "digid": digid_enabled(), "token": token}
    return render(request, "accounts/invitation_accept.html", context, status=400 if form.errors else 200)


# -- the profile -----------------------------------------------------------------
class ProfileForm(forms.ModelForm):
    """What the officeholder keeps up to date themselves. Office, body, appointment and term end
    are facts the body vouches for (corrections.py): shown read-only, corrected by proposal."""

    class Meta:
        model = get_user_model()
        fields = ["phone", "preferred_language"]
        widgets = {"phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"})}
        labels = {
            "phone": gettext_lazy("Phone number"),
            "preferred_language": gettext_lazy("Language of letters and e-mails"),
        }


class CorrectionForm(forms.Form):
    fact = forms.ChoiceField(label=gettext_lazy("Which fact is wrong?"), choices=VouchedFact.choices)
    value = forms.CharField(
        label=gettext_lazy("The correct value"),
        max_length=40,
        help_text=gettext_lazy("A date as YYYY-MM-DD, or for the office its code, e.g. alderman."),
    )
    explanation = LongTextField(
        max_length=limits.REASON, label=gettext_lazy("Why is it wrong?"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("fact") and cleaned.get("value"):
            try:
                corrections.parse_value(cleaned["fact"], cleaned["value"].strip())
            except ValidationError as error:
                self.add_error("value", error)
        return cleaned


@login_required
def profile(request):
    """The officeholder's own details, and proposals to correct the facts the body vouches for."""
    user = request.user
    if not user.is_officeholder:
        raise PermissionDenied
    posted = request.method == "POST"
    proposing = posted and "fact" in request.POST
    form = ProfileForm(request.POST if posted and not proposing else None, instance=user)
    correction = CorrectionForm(request.POST if proposing else None)
    if proposing and correction.is_valid():
        data = correction.cleaned_data
        corrections.propose_correction(
            user, fact=data["fact"], value=data["value"].strip(), explanation=data["explanation"]
        )
        messages.success(request, _("Your proposal has been sent to your employer body."))
        return redirect("accounts:profile")
    if posted and not proposing and form.is_valid():
        form.save()
        audit.record("account.profile_update", obj=user, request=request, fields=sorted(form.changed_data))
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    context = {"form": form, "correction": correction, "proposals": user.fact_corrections.all()}
    return render(request, "accounts/profile.html", context, status=400 if form.errors or correction.errors else 200)
