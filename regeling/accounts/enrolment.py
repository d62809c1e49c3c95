"""First enrolment of a second factor needs more than the password (issue #15).

A password alone cannot add an authenticator app: the person also brings either
- the invitation link they just used to choose their password (single use, see
  invitations.py), or
- a one-time enrolment code issued by their body's coordinator (for assessors and
  officeholders) or an administrator (for coordinators and everyone else), handed
  over outside the system (phone, in person). Stored as a keyed hash, works once,
  expires after ENROLMENT_CODE_VALID_HOURS.

A lost device is reset the same way: the coordinator or administrator removes the
person's devices and recovery codes, ends their sessions and issues a new code; the
reason is kept (encrypted) and the reset is audited. Nobody issues a code for or
resets their own account (segregation of duties: ISO/IEC 27002:2022
5.3, which BIO2 follows).

Either route leaves an *enrolment grant* in the session, bound to the account and
valid for ENROLMENT_GRANT_MINUTES: the setup page (twofactor.setup) asks for it.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from regeling.audit import log as audit

from .models import EnrolmentCode, EnrolmentPurpose, RecoveryCodeDevice, UserKind, enrolment_code_hash
from .sessions import end_sessions_of

GRANT_SESSION_KEY = "regeling_enrolment_grant"
# No 0/O, 1/I/L: read out over the phone without doubt. 12 characters: 60 bits.
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_LENGTH = 12


# -- who may issue ---------------------------------------------------------------
def is_administrator(user) -> bool:
    return user.kind == UserKind.ADMINISTRATOR or user.is_superuser


def may_issue_enrolment_code(issuer, person) -> bool:
    """Rule: a coordinator issues codes (and resets) for the assessors and officeholders of
    their own body; an administrator for anyone; nobody for themselves
    (segregation of duties, ISO/IEC 27002:2022 5.3)."""
    if issuer.pk == person.pk or not issuer.is_active:
        return False
    if is_administrator(issuer):
        return True
    return (
        issuer.is_coordinator
        and person.body_id == issuer.body_id
        and person.kind in (UserKind.ASSESSOR, UserKind.OFFICEHOLDER)
        and not (person.is_staff or person.is_superuser)
    )


def may_issue_any(user) -> bool:
    return user.is_authenticated and (is_administrator(user) or user.is_coordinator)


# -- codes -----------------------------------------------------------------------
def new_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, _LENGTH, 4))


def normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").upper()


def _open_codes(person):
    return EnrolmentCode.objects.filter(
        user=person, used_at__isnull=True, voided_at__isnull=True, expires_at__gt=timezone.now()
    )


class NotAllowed(Exception):
    """The issuer may not issue a code for (or reset) this person."""


def issue_enrolment_code(
    person, *, issued_by=None, reason: str = "", purpose: str = EnrolmentPurpose.ISSUED, request=None
) -> str:
    """A new one-time enrolment code for `person`; earlier open codes stop working.
    Returns the code, which is shown once and never stored readable. `issued_by=None`
    is the operator's command (manage.py issue_enrolment_code), for the first administrator."""
    if issued_by is not None and not may_issue_enrolment_code(issued_by, person):
        raise NotAllowed
    code, now = new_code(), timezone.now()
    with transaction.atomic():
        _open_codes(person).update(voided_at=now)
        row = EnrolmentCode.objects.create(
            user=person,
            code_hash=enrolment_code_hash(normalise(code)),
            purpose=purpose,
            issued_by=issued_by,
            reason=reason,
            issued_at=now,
            expires_at=now + timedelta(hours=settings.ENROLMENT_CODE_VALID_HOURS),
        )
        audit.record(
            "auth.enrolment_code_issued",
            actor=issued_by,
            obj=person,
            request=request,
            code=row.pk,
            purpose=purpose,
            by_command=issued_by is None,
        )
    return code


def reset_second_factor(person, *, by, reason: str, request=None) -> str:
    """A lost device: remove every second factor of `person`, end their sessions and issue a
    new enrolment code (returned, shown once). Audited, with the reason kept encrypted."""
    if not may_issue_enrolment_code(by, person):
        raise NotAllowed
    with transaction.atomic():
        removed = 0
        for model in (TOTPDevice, RecoveryCodeDevice, StaticDevice, WebAuthnCredential):
            removed += model.objects.filter(user=person).delete()[1].get(model._meta.label, 0)
        ended = end_sessions_of(person)
        audit.record(
            "auth.second_factor_reset", actor=by, obj=person, request=request, devices=removed, sessions_ended=ended
        )
        return issue_enrolment_code(
            person, issued_by=by, reason=reason, purpose=EnrolmentPurpose.RESET, request=request
        )


def redeem_enrolment_code(request, code: str) -> bool:
    """Use a code for the signed-in person: on success it is spent and the session holds an
    enrolment grant. A wrong code counts against all the person's open codes; at
    ENROLMENT_CODE_MAX_FAILURES they are voided (a new one must be issued). Audited."""
    person = request.user
    with transaction.atomic():
        match = _open_codes(person).select_for_update().filter(code_hash=enrolment_code_hash(normalise(code))).first()
        if match is not None:
            match.used_at = timezone.now()
            match.save(update_fields=["used_at"])
            audit.record("auth.enrolment_code_used", request=request, obj=person, code=match.pk)
            grant_enrolment(request.session, person, method="code")
            return True
        open_codes = _open_codes(person)
        open_codes.update(failures=F("failures") + 1)
        voided = open_codes.filter(failures__gte=settings.ENROLMENT_CODE_MAX_FAILURES).update(voided_at=timezone.now())
    audit.record_denied("auth.enrolment_code", request=request, voided=voided)
    return False


# -- the grant in the session ----------------------------------------------------
def grant_enrolment(session, person, *, method: str) -> None:
    until = timezone.now() + timedelta(minutes=settings.ENROLMENT_GRANT_MINUTES)
    session[GRANT_SESSION_KEY] = {"user": person.pk, "until": until.timestamp(), "method": method}


def has_enrolment_grant(request) -> bool:
    grant = request.session.get(GRANT_SESSION_KEY) or {}
    return grant.get("user") == request.user.pk and grant.get("until", 0) > timezone.now().timestamp()


def end_enrolment_grant(session) -> None:
    session.pop(GRANT_SESSION_KEY, None)
