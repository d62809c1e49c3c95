"""System checks: the settings that choose readings of unconfirmed facts must name known values."""

from django.conf import settings
from django.core.checks import Error, register

from regeling.accounts.models import Office

from .rules import PkvwPolicy


@register()
def scheme_settings_are_known(app_configs, **kwargs) -> list[Error]:
    errors = []
    if settings.SCHEME_B_PKVW_POLICY not in PkvwPolicy.values:
        errors.append(
            Error(
                f"SCHEME_B_PKVW_POLICY must be one of {', '.join(PkvwPolicy.values)}.",
                id="schemes.E001",
            )
        )
    unknown = set(settings.SCHEME_RESIDENCE_EXEMPTION_OFFICES) - set(Office.values)
    if unknown:
        errors.append(
            Error(
                f"SCHEME_RESIDENCE_EXEMPTION_OFFICES names unknown offices: {', '.join(sorted(unknown))}.",
                id="schemes.E002",
            )
        )
    return errors
