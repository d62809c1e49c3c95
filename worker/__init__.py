"""Background work: the Celery app, its tasks and the letter renderer."""

from .celery import app as celery_app

__all__ = ["celery_app"]
