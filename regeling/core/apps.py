from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared building blocks: encrypted fields, money formatting, base views, security middleware."""

    name = "regeling.core"

    def ready(self):
        from celery.signals import after_setup_logger, after_setup_task_logger
        from django.db.models.signals import post_migrate

        from .dbroles import grant_after_migrate
        from .logging import single_line_handlers

        post_migrate.connect(grant_after_migrate, dispatch_uid="regeling.core.grant_after_migrate")

        after_setup_logger.connect(single_line_handlers, weak=False)
        after_setup_task_logger.connect(single_line_handlers, weak=False)
