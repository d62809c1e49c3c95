"""Deploy check: uploads are scanned for malware in production (docs/security.md, "Uploads")."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def virus_scanner_configured(app_configs, **kwargs):
    if settings.CLAMD_SOCKET or settings.CLAMD_HOST:
        return []
    return [
        Warning(
            "No virus scanner is configured: uploads are stored without a malware scan.",
            hint="Set CLAMD_SOCKET (or CLAMD_HOST and CLAMD_PORT) to a running clamd (Debian: clamav-daemon).",
            id="regeling.W102",
        )
    ]
