from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared building blocks: encrypted fields, money formatting, base views, security middleware."""

    name = "regeling.core"

    def ready(self):
        from celery.signals import after_setup_logger, after_setup_task_logger

        from .logging import single_line_handlers

        after_setup_logger.connect(single_line_handlers, weak=False)
        after_setup_task_logger.connect(single_line_handlers, weak=False)
