from celery.signals import after_setup_logger, after_setup_task_logger
from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_save

from .logging import single_line_handlers


class CoreConfig(AppConfig):
    """Shared building blocks: encrypted fields, money formatting, base views, security middleware."""

    name = "regeling.core"

    def ready(self):
        from . import checks  # noqa: F401, PLC0415 - registers the deploy check for the virus scanner
        from .dbroles import grant_after_migrate  # noqa: PLC0415 - reads models: only once the registry is ready
        from .limits import refuse_oversized_text  # noqa: PLC0415 - beside the other receivers

        post_migrate.connect(grant_after_migrate, dispatch_uid="regeling.core.grant_after_migrate")
        pre_save.connect(refuse_oversized_text, dispatch_uid="regeling.core.refuse_oversized_text")

        after_setup_logger.connect(single_line_handlers, weak=False)
        after_setup_task_logger.connect(single_line_handlers, weak=False)
