"""Who a verified set of claims is, or why they may not sign in.

Staff: the account linked to (issuer, sub); created on the first sign-in when the
body's groups give a role; the role follows the groups at every sign-in. Never
matched on e-mail. Officeholders: the account whose BSN (blind index) matches; the
first DigiD sign-in links the BSN to the invited account, confirmed by the
invitation token. Every refusal raises SignInRefused with a reason code for the
audit log and a sentence for the person.
"""

import hashlib

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from stdnum.nl import bsn as bsn_number

from regeling.accounts.invitations import invited_user
from regeling.accounts.models import ExternalIdentity, IdentityProvider, SecondFactorPolicy, UserKind, bsn_lookup_key
from regeling.audit import log as audit

from .claims import Level, claim_values, digid_proves_second_factor, provider_proves_second_factor, role_for_body

REFUSALS = {
    "no_role": _(
        "Your organisation's sign-in does not give you a role in this system for this body. "
        "Ask your organisation to add you to the group for assessors or coordinators."
    ),
    "other_body": _("Your account belongs to another employer body. Sign in through that body's sign-in."),
    "email_in_use": _(
        "An account with your e-mail address already exists here. Ask the administrator to link it to your "
        "body's sign-in."
    ),
    "inactive": _("Your account has been switched off. Contact your employer body."),
    "no_second_factor": _(
        "Your organisation requires two-step verification at its own sign-in. Sign in there with a second factor."
    ),
    "no_bsn": _("DigiD did not send a citizen service number. Please try again."),
    "no_account": _(
        "There is no account for you yet. Your employer body sends you an invitation by e-mail; "
        "use the DigiD button on the page that the invitation links to."
    ),
    "invitation_invalid": _(
        "The invitation link has expired or was already used. Ask your employer body for a new one."
    ),
    "bsn_mismatch": _(
        "The DigiD account you signed in with is not the one your employer body invited. Sign in with your own DigiD."
    ),
    "bsn_in_use": _("This DigiD account is already linked to another account. Contact your employer body."),
    "token_invalid": _("The sign-in could not be verified. Please try again."),
    "provider_error": _("The sign-in was cancelled or refused at the sign-in service."),
    "unavailable": _("The sign-in service cannot be reached at the moment. Please try again later."),
    "expired": _("The sign-in took too long or was started in another window. Please start again."),
}


class SignInRefused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

    @property
    def message(self) -> str:
        return str(REFUSALS[self.reason])


def _placeholder_email(issuer: str, subject: str) -> str:
    """An address that is unique, reveals nothing and can never receive mail (RFC 2606 .invalid)."""
    digest = hashlib.sha256(f"{issuer}|{subject}".encode()).hexdigest()[:24]
    return f"{digest}@sso.invalid"


def _staff_email(claims: dict) -> str:
    email = str(claims.get("email") or "").strip().lower()
    return email if "@" in email and claims.get("email_verified", True) is not False else ""


@transaction.atomic
def staff_user_for(claims: dict, record: IdentityProvider, *, issuer: str):
    """The staff account for these claims at the body of `record`; created or updated. Raises SignInRefused."""
    subject = str(claims["sub"])
    role = role_for_body(
        claim_values(claims, record.roles_claim),
        assessor_groups=record.group_values("assessor_groups"),
        coordinator_groups=record.group_values("coordinator_groups"),
    )
    identity = ExternalIdentity.objects.select_related("user").filter(issuer=issuer, subject=subject).first()
    if identity is not None and identity.user.body_id != record.body_id:
        raise SignInRefused("other_body")
    if role is None:
        raise SignInRefused("no_role")
    if record.second_factor == SecondFactorPolicy.PROVIDER_REQUIRED and not provider_proves_second_factor(
        claims, mfa_acr_values=set(record.mfa_acr_values.split())
    ):
        raise SignInRefused("no_second_factor")
    User = get_user_model()
    if identity is None:
        email = _staff_email(claims) or _placeholder_email(issuer, subject)
        if User.objects.filter(email__iexact=email).exists():
            raise SignInRefused("email_in_use")
        user = User.objects.create_user(
            email,
            password=None,
            kind=role,
            body=record.body,
            first_name=str(claims.get("given_name") or "")[:150],
            last_name=str(claims.get("family_name") or "")[:150],
        )
        ExternalIdentity.objects.create(user=user, issuer=issuer, subject=subject)
        audit.record("account.create_from_provider", actor=user, obj=user, issuer=issuer, role=role)
        return user
    user = identity.user
    if not user.is_active:
        raise SignInRefused("inactive")
    if user.kind != role:
        audit.record("account.role_from_provider", actor=user, obj=user, issuer=issuer, before=user.kind, role=role)
        user.kind = role
        user.save(update_fields=["kind"])
    return user


def staff_second_factor_done(claims: dict, record: IdentityProvider) -> bool:
    """Whether this sign-in counts as the second factor, under the body's policy."""
    if record.second_factor == SecondFactorPolicy.ALWAYS_LOCAL:
        return False
    return provider_proves_second_factor(claims, mfa_acr_values=set(record.mfa_acr_values.split()))


def _valid_bsn(value) -> str:
    text = "".join(str(value or "").split())
    return text if bsn_number.is_valid(text) else ""


@transaction.atomic
def officeholder_for(claims: dict, *, bsn_claim: str, invitation: str | None, level: Level):
    """The officeholder whose BSN this is; the first sign-in links it to the invited account."""
    bsn = _valid_bsn(claims.get(bsn_claim))
    if not bsn:
        raise SignInRefused("no_bsn")
    User = get_user_model()
    index = bsn_lookup_key(bsn)
    holder = User.objects.select_for_update().filter(bsn_index=index).first()
    if invitation is None:
        if holder is None or not holder.is_active:
            raise SignInRefused("no_account")
        if holder.kind != UserKind.OFFICEHOLDER:
            raise SignInRefused("no_account")
        return holder
    invited = invited_user(invitation)
    if invited is None:
        raise SignInRefused("invitation_invalid")
    if invited.bsn_index and invited.bsn_index != index:
        raise SignInRefused("bsn_mismatch")
    if holder is not None and holder.pk != invited.pk:
        raise SignInRefused("bsn_in_use")
    invited.set_bsn(bsn)
    invited.is_active = True
    invited.save(update_fields=["bsn", "bsn_index", "is_active"])
    audit.record("account.accept_invitation", actor=invited, obj=invited, method="digid", level=level.name.lower())
    return invited


def officeholder_second_factor_done(level: Level) -> bool:
    return digid_proves_second_factor(level)
