"""Minimum DigiD assurance levels for what an officeholder does (DIGID_MIN_LEVEL_APPLY,
DIGID_MIN_LEVEL_LETTERS). A session signed in through DigiD below the minimum gets a
clear 403 that says which level is needed; sessions signed in locally (the body's own
accounts) carry no DigiD level and are not held to it (docs/security.md)."""

from functools import wraps

from django.conf import settings
from django.shortcuts import render

from regeling.audit import log as audit

from .oidc.claims import level_from_value
from .oidc.session import sign_in_of


def meets_minimum_level(session, minimum: str) -> bool:
    info = sign_in_of(session)
    if info.get("method") != "digid":
        return True
    return level_from_value(info.get("level")) >= level_from_value(minimum)


def requires_level(setting_name: str):
    """View decorator: refuse (403, audited) a DigiD session below the level the setting names."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            minimum = getattr(settings, setting_name)
            if request.user.is_authenticated and not meets_minimum_level(request.session, minimum):
                level = level_from_value(sign_in_of(request.session).get("level"))
                audit.record(
                    "auth.level_too_low",
                    result="refused",
                    request=request,
                    level=level.name.lower(),
                    required=level_from_value(minimum).name.lower(),
                    view=view.__name__,
                )
                context = {"level": level.label, "required": level_from_value(minimum).label}
                return render(request, "accounts/level_too_low.html", context, status=403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
