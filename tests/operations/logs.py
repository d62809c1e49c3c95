"""Capturing log lines exactly as the configured formatter writes them."""

import io
import json
import logging
from contextlib import contextmanager

from django.conf import settings


def configured_formatter() -> logging.Formatter:
    options = dict(settings.LOGGING["formatters"]["structured"])
    return options.pop("()")(**options)


@contextmanager
def captured_stream():
    """Every record, at every level, formatted as in production, written to the yielded stream."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(configured_formatter())
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(previous_level)


@contextmanager
def captured_lines():
    """Like `captured_stream`; yields a list that holds the lines once the block ends."""
    lines = []
    with captured_stream() as stream:
        yield lines
    lines.extend(stream.getvalue().splitlines())


def json_records(lines) -> list[dict]:
    """Each line parsed as JSON: fails on any line that is not one JSON object."""
    return [json.loads(line) for line in lines if line.strip()]
