"""Deploy check: the audit chain needs its own key outside the database."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def audit_chain_key_configured(app_configs, **kwargs):
    if settings.AUDIT_CHAIN_KEYS:
        return []
    return [
        Warning(
            "AUDIT_CHAIN_KEYS is not set: the audit chain is keyed with a key derived from DJANGO_SECRET_KEY.",
            hint="Set AUDIT_CHAIN_KEYS to a random key of its own (docs/security.md).",
            id="regeling.W101",
        )
    ]
