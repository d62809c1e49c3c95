"""WSGI entry point for gunicorn (imported in each worker process, after the fork)."""

import os

import django
from django.core.handlers.wsgi import WSGIHandler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regeling.settings.base")
django.setup(set_prefix=False)

from regeling.operations import telemetry  # noqa: E402 - needs the apps loaded

# Before the handler loads its middleware, so Django's tracing middleware is part of it.
telemetry.configure("web")
application = WSGIHandler()
