from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared building blocks: encrypted fields, money formatting, base views."""

    name = "regeling.core"
